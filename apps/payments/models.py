from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client


class PayerAccount(models.Model):
    """The account an organisation pays from, entered once in the cabinet: the payer's side of
    its payment orders (1C knows the client's INN and KPP, not which of its accounts pays)."""

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="payer_account", verbose_name=_("клиент")
    )
    account = models.CharField(_("расчётный счёт"), max_length=20)
    bic = models.CharField(_("БИК"), max_length=9)
    bank_name = models.CharField(_("банк"), max_length=200, blank=True)
    corr_account = models.CharField(_("корреспондентский счёт"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто изменил"),
    )

    class Meta:
        verbose_name = _("расчётный счёт клиента")
        verbose_name_plural = _("расчётные счета клиентов")

    def __str__(self) -> str:
        return f"{self.client.inn}: {self.account}"
