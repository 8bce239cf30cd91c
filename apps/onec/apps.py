from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class OnecConfig(AppConfig):
    name = "apps.onec"
    verbose_name = _("1С")

    def ready(self) -> None:
        # zeep and its dependencies take a noticeable part of a second to import; done here, the
        # django-q2 workers inherit them when they fork, instead of each paying it on the first
        # archive request (which the client waits for).
        if settings.ONEC_BACKEND == "soap":
            import apps.onec.soap  # noqa: F401
