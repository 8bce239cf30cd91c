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
    # Every login of the organisation must then use a code from an authenticator app; one that has
    # none set up is sent to set it up at its next page (apps/clients/two_factor.py).
    require_two_factor = models.BooleanField(
        _("двухфакторный вход обязателен"),
        default=False,
        help_text=_("Входить только с кодом из приложения-аутентификатора; без него кабинет попросит его подключить."),
    )
    # Set while the login's password is the one from an access letter: it works only until
    # then, and the client must replace it before reaching the cabinet (OWASP ASVS 6.4.1).
    access_password_expires_at = models.DateTimeField(
        _("пароль из письма действует до"),
        null=True,
        blank=True,
        help_text=_("Пусто, когда клиент задал свой пароль или письма ещё не было."),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("клиент")
        verbose_name_plural = _("клиенты")
        ordering = ["name"]
        permissions = [
            ("import_clients", _("Может импортировать клиентов из Excel")),
            ("send_access", _("Может отправлять клиентам доступ")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.inn})"


class AccessLetter(models.Model):
    """One access letter: a new one-time password, sent through the outbox."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="access_letters")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отправил"),
    )
    email = models.ForeignKey(
        "mail.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("письмо"),
    )
    password_expires_at = models.DateTimeField(_("пароль действует до"))
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("письмо с доступом")
        verbose_name_plural = _("письма с доступом")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.client.inn} {self.created_at:%Y-%m-%d %H:%M}"


class ClientEmailChange(models.Model):
    """Who changed a client's default address, when, and from what."""

    class Source(models.TextChoices):
        ADMIN = "admin", _("администрирование")
        IMPORT = "import", _("импорт из Excel")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="email_changes")
    old_email = models.EmailField(_("был e-mail"))
    new_email = models.EmailField(_("стал e-mail"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("изменил"),
    )
    source = models.CharField(_("где изменён"), max_length=16, choices=Source.choices)
    changed_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("смена e-mail")
        verbose_name_plural = _("смены e-mail")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.client.inn}: {self.old_email} → {self.new_email}"


class Role(models.TextChoices):
    """What a person does for their organisation; apps/clients/roles.py says what each may open."""

    ACCOUNTANT = "accountant", _("Бухгалтер")
    PROCUREMENT = "procurement", _("Снабжение")
    ADMIN = "admin", _("Администратор")


class Membership(models.Model):
    """A person's place in an organisation: one login may act for several of a holding's companies.

    The organisation's own login (`Client.user`, username = INN) holds the administrator's
    membership of its company; colleagues log in with their e-mail (their username).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("пользователь")
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("клиент"))
    role = models.CharField(_("роль"), max_length=16, choices=Role.choices)
    is_active = models.BooleanField(_("доступ открыт"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пригласил"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("сотрудник клиента")
        verbose_name_plural = _("сотрудники клиентов")
        ordering = ["client__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "client"], name="clients_membership_once")]

    def __str__(self) -> str:
        return f"{self.user.get_username()} — {self.client.inn} ({self.get_role_display()})"

    @property
    def is_own_login(self) -> bool:
        """The organisation's own INN login: it cannot be disabled or demoted from the cabinet."""
        return self.user_id == self.client.user_id


class Invitation(models.Model):
    """A single-use link inviting a colleague; only the token's SHA-256 is stored."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("клиент"))
    email = models.EmailField(_("e-mail"), max_length=150)
    role = models.CharField(_("роль"), max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("пригласил"),
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("действует до"))
    accepted_at = models.DateTimeField(_("принято"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("принял"),
    )
    # A link stops working once a newer invitation to the address replaces it, the administrator
    # revokes it, or the person's access is closed or their role changed (apps/clients/invitations.py).
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("отозвал"),
    )

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.client.inn}"
