from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting operations: setting up an installation and serving it."""

    name = "cchc.core"
    label = "core"
    verbose_name = _("Vận hành")
