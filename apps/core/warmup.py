"""A django-q2 worker readies itself when it is spawned, before it takes its first task.

Without this the first archive a fresh worker builds also pays for importing the task modules
and zeep, loading both languages' catalogues and compiling the e-mail templates (measured:
the first request after a worker starts took 1.5× the bare floor, the next ones 1.1×). Only
local work is done here: nothing is asked of 1C, the SMTP server or the network, so a stalled
1C can never hold a worker at its start.

What to warm is declared by each app on its AppConfig — `warm_modules` (imported) and
`warm_mail_templates` (compiled) — so this ground floor names no app above it.
"""

import logging
import time
from importlib import import_module

from django.apps import apps
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_mail_templates() -> tuple[str, ...]:
    """Every e-mail template an app asked to have compiled before the first task."""
    return tuple(name for config in apps.get_app_configs() for name in getattr(config, "warm_mail_templates", ()))


def warm_worker(**kwargs) -> None:
    started = time.monotonic()
    for config in apps.get_app_configs():
        if config.name.startswith("apps."):
            _import_tasks(config.name)
        for module in getattr(config, "warm_modules", ()):
            import_module(module)
    for language in ("ru", "en"):
        with translation.override(language):
            translation.gettext("Личный кабинет")  # loads the catalogue
    for name in warm_mail_templates():
        for part in ("-subject.txt", "-body.txt", "-body.html"):
            try:
                get_template(name + part)
            except TemplateDoesNotExist:
                logger.warning("warm-up: no template %s", name + part)
    logger.info("%s warmed up in %.2f s", kwargs.get("proc_name", "worker"), time.monotonic() - started)


def _import_tasks(app_name: str) -> None:
    try:
        import_module(f"{app_name}.tasks")
    except ModuleNotFoundError as error:
        if error.name != f"{app_name}.tasks":
            raise
