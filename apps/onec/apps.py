import sys
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The management commands whose processes call 1C: the worker cluster forks its workers from
# this process, and the development server answers archive requests.
_COMMANDS_CALLING_ONEC = {"qcluster", "runserver"}


class OnecConfig(AppConfig):
    name = "apps.onec"
    verbose_name = _("1С")
    # A worker imports zeep and lxml at spawn, not at its first 1C call (apps/core/warmup.py).
    warm_modules = ("apps.onec.soap",)

    def ready(self) -> None:
        # zeep and its dependencies take a noticeable part of a second to import; done here, the
        # django-q2 workers inherit them when they fork, instead of each paying it on the first
        # archive request (which the client waits for). A command that never calls 1C
        # (import_clients, migrate…) does not pay it; apps.onec.client imports it when used.
        if settings.ONEC_BACKEND == "soap" and _may_call_onec():
            import apps.onec.soap  # noqa: F401


def _may_call_onec() -> bool:
    """False only for `manage.py` running a command that does not call 1C; gunicorn and the rest: True."""
    if len(sys.argv) < 2 or Path(sys.argv[0]).name not in ("manage.py", "django-admin"):
        return True
    return sys.argv[1] in _COMMANDS_CALLING_ONEC
