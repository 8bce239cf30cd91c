from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.validators import validate_inn


class Client(models.Model):
    """A client organisation. It logs in as `user`, whose username is the INN."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client", verbose_name=_("пользователь")
    )
    inn = models.CharField(_("ИНН"), max_length=12, unique=True, validators=[validate_inn])
    kpp = models.CharField(
        _("КПП"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("КПП состоит из 9 цифр."))],
    )
    name = models.CharField(_("наименование"), max_length=255, help_text=_("Так организацию приветствует кабинет."))
    email = models.EmailField(_("e-mail по умолчанию"))
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    is_active = models.BooleanField(_("активен"), default=True, help_text=_("Неактивный клиент не может войти."))
    language = models.CharField(_("язык"), max_length=5, choices=settings.LANGUAGES, default="ru")
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("клиент")
        verbose_name_plural = _("клиенты")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.inn})"
