from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Kế hoạch")

    def ready(self):
        # Registers the job handlers with the runner.
        from cchc.plans import jobs  # noqa: F401
