"""Form helpers shared by the back-office pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def attach_service_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    """Show a service's ValidationError on the form that fed it: field errors on their
    fields (unknown fields go to the top of the form), plain messages on `default_field`."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(default_field, error.messages)
