from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = _("Документы")
    # The e-mails a worker sends most, compiled at its spawn (apps/core/warmup.py): the archive,
    # and the notices around it.
    warm_mail_templates = ("documents/email/archive", "documents/email/notice")
