from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    label = "tracking"
    verbose_name = _("Thực hiện nhiệm vụ")

    def ready(self):
        # Registers the job handlers and the hook on plan confirmation/amendment, and the
        # dashboard summaries' receivers that follow a plan's year.
        from cchc.tracking import jobs, summaries  # noqa: F401
