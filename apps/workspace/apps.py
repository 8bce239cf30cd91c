from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff workspace (the admin's front page): it shows several domain apps at once, so it
    stands above them, and the ground floor (apps/core) stays free of them."""

    name = "apps.workspace"
    verbose_name = _("Рабочее место")
