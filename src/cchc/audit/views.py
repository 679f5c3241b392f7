# Filled in by the accounts/audit work: a filterable list for administrators.
