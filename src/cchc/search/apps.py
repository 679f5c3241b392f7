from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "cchc.search"
    label = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self):
        # Keeps the index current as news, plans, legal documents and answers change.
        from cchc.search.index import connect_signals

        connect_signals()
