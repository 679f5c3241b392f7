from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "cchc.tracking"
    label = "tracking"
    verbose_name = _("Thực hiện nhiệm vụ")

    def ready(self):
        # Registers the job handlers and the hook on plan confirmation/amendment.
        from cchc.tracking import jobs  # noqa: F401
