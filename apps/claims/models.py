from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.mail.models import OutgoingEmail


class Claim(models.Model):
    """A client's quality claim about one shipment, and staff's decision on it.

    new → in_work → satisfied | partial | rejected (the moves are in states.py). The shipment is
    1C's: its id, number and date are copied here when the claim is filed, so the claim reads the
    same whatever 1C says later.
    """

    class Status(models.TextChoices):
        NEW = "new", _("подана")
        IN_WORK = "in_work", _("на рассмотрении")
        SATISFIED = "satisfied", _("удовлетворена")
        PARTIAL = "partial", _("удовлетворена частично")
        REJECTED = "rejected", _("отклонена")

    class Outcome(models.TextChoices):
        """What the client asks for."""

        REPLACEMENT = "replacement", _("замена")
        RETURN = "return", _("возврат")
        DISCOUNT = "discount", _("уценка")
        OTHER = "other", _("другое")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="claims", verbose_name=_("клиент"))
    # «П-2026-0001»: the year of filing (Moscow's calendar) and the claim's place in that year.
    year = models.PositiveSmallIntegerField(_("год"))
    sequence = models.PositiveIntegerField(_("номер за год"))
    # The filing form's own key: a form sent twice (a double click, a reload) files one claim.
    token = models.UUIDField(_("ключ формы"), unique=True, null=True, blank=True, editable=False)
    shipment_id = models.CharField(_("отгрузка в 1С"), max_length=100)
    shipment_number = models.CharField(_("номер отгрузки"), max_length=100)
    shipment_date = models.DateField(_("дата отгрузки"))
    description = models.TextField(_("что не так"))
    outcome = models.CharField(_("что просит клиент"), max_length=20, choices=Outcome.choices)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    filed_at = models.DateTimeField(_("подана"), db_index=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто подал"),
    )  # fmt: skip
    taken_at = models.DateTimeField(_("взята в работу"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто взял в работу"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("решение принято"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто принял решение"),
    )  # fmt: skip
    answer = models.TextField(_("ответ клиенту"), blank=True)
    decision_email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )

    class Meta:
        verbose_name = _("претензия")
        verbose_name_plural = _("претензии")
        ordering = ["-filed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "sequence"], name="claims_claim_number_unique")]
        indexes = [models.Index(fields=["client", "-filed_at"]), models.Index(fields=["status", "filed_at"])]
        permissions = [("handle_claim", _("Может рассматривать претензии и принимать по ним решения"))]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"П-{self.year}-{self.sequence:04d}"


class ClaimOpen(Claim):
    """The staff queue: the same rows, only claims still waiting for a decision."""

    class Meta:
        proxy = True
        verbose_name = _("претензия на рассмотрении")
        verbose_name_plural = _("претензии на рассмотрении")


class ClaimLine(models.Model):
    """One product the claim is about, as the client wrote it (shipments carry no lines from 1C)."""

    class Unit(models.TextChoices):
        TONNE = "t", _("т")
        KILOGRAM = "kg", _("кг")
        PIECE = "pcs", _("шт.")
        CUBIC_METRE = "m3", _("м³")
        PALLET = "pallet", _("поддон")
        PACK = "pack", _("упак.")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("претензия"))
    position = models.PositiveSmallIntegerField(_("№"))
    product = models.CharField(_("продукция"), max_length=300)
    quantity = models.DecimalField(_("количество"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("ед. изм."), max_length=10, choices=Unit.choices)

    class Meta:
        verbose_name = _("позиция претензии")
        verbose_name_plural = _("позиции претензии")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product}: {self.amount:f} {self.get_unit_display()}"

    @property
    def amount(self) -> Decimal:
        """The quantity without trailing zeros (1.5, not 1.500; 250, not 2.5E+2), for people to read."""
        normal = self.quantity.normalize()
        return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


class ClaimFile(models.Model):
    """A photo or PDF the client attached, in the private storage.

    A photo is kept only as the portal re-encoded it (with a small preview beside it); a PDF as
    it came, and it is only ever handed out as an attachment.
    """

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="files", verbose_name=_("претензия"))
    position = models.PositiveSmallIntegerField(_("№"))
    file_path = models.CharField(_("файл"), max_length=500, help_text=_("Путь внутри закрытого хранилища."))
    preview_path = models.CharField(_("превью"), max_length=500, blank=True)
    file_name = models.CharField(_("имя файла"), max_length=255)
    file_size = models.PositiveIntegerField(_("размер файла, байт"))
    content_type = models.CharField(_("тип файла"), max_length=100)

    class Meta:
        verbose_name = _("файл претензии")
        verbose_name_plural = _("файлы претензий")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ClaimCounter(models.Model):
    """The last claim number given in a year: the row a new claim locks to take the next one."""

    year = models.PositiveSmallIntegerField(_("год"), primary_key=True)
    last = models.PositiveIntegerField(_("последний номер"), default=0)

    class Meta:
        verbose_name = _("счётчик номеров претензий")
        verbose_name_plural = _("счётчики номеров претензий")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
