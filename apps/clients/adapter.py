import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from apps.clients.active import choose_at_login
from apps.clients.backends import client_may_log_in
from apps.clients.invitations import INVITATION_SESSION_KEY, invitation_valid
from apps.clients.login_limits import login_ceiling_clear, login_ceiling_consume
from apps.clients.models import Client, Membership
from apps.clients.selectors import administrator_contacts, memberships_active, memberships_closed
from apps.clients.services import client_password_set
from apps.clients.two_factor import two_factor_enabled
from apps.core.ip import client_ip
from apps.core.metrics import LOGIN_RATE_LIMITED
from apps.core.middleware import SESSION_LANGUAGE_KEY
from apps.mail.services import outgoing_email_create

SUSPENDED = _(
    "Доступ вашей организации к личному кабинету приостановлен. "
    "Чтобы его возобновить, позвоните нам: %(phones)s или напишите на %(email)s."
)


ACCESS_CLOSED = _(
    "Ваш доступ к личному кабинету закрыл администратор вашей организации: %(organisations)s. "
    "Чтобы его открыть, обратитесь к администратору."
)


class PortalAccountAdapter(DefaultAccountAdapter):
    """Clients are created by staff only; the login speaks of INN, not of usernames."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # An e-mail typed at the login gets «Неверный e-mail или пароль.» (apps/clients/forms.py).
        "username_password_mismatch": _("Неверный ИНН или пароль."),
        "too_many_login_attempts": _("Слишком много попыток входа. Попробуйте позже."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        # allauth takes back a user whose password matched but whom the backend refused (to
        # show its "inactive" page); a refused client must get the wrong-password answer. Staff
        # are no clients: they log in at /admin/ only, where the lockout guards them, and here
        # their name and password get the same answer as a wrong password.
        if user is not None and _is_suspended_client(user):
            # The right password of an organisation staff switched off: saying "wrong password"
            # would send them to retry and reset for ever. Only who knows the password reads this.
            raise ValidationError(
                SUSPENDED % {"phones": ", ".join(settings.COMPANY_PHONES), "email": settings.COMPANY_EMAIL}
            )
        if user is not None and not _is_client_login(user):
            if _invited(request, user):
                return user  # to accept the invitation it opened (apps/cabinet/views/invitation.py)
            closed = memberships_closed(user=user) if _is_person(user) else []
            if closed:
                # The right password of a person whose administrator closed their access: saying
                # "wrong password" would send them to reset it for nothing. Only who knows it reads this.
                raise ValidationError(access_closed_message(closed))
            return None
        return user

    def reauthenticate(self, user, password: str) -> bool:
        # The password asked again before switching two-factor login on (allauth.mfa). authenticate()
        # above refuses staff on purpose; here the staff member is logged in already, at /admin/.
        if two_factor_enabled(user):
            return False  # with an app, «confirm it is you» takes its code (get_reauthentication_methods)
        if user.is_staff and getattr(user, "client", None) is None:
            return user.is_active and user.check_password(password)
        return super().reauthenticate(user, password)

    def get_reauthentication_methods(self, user) -> list[dict]:
        # Once a login has an app, the password alone confirms nothing: whoever holds an open
        # session and the password could otherwise read the recovery codes or switch the app off.
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and two_factor_enabled(user):
            methods = [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def get_client_ip(self, request) -> str:
        # Behind the reverse proxy REMOTE_ADDR is the proxy: see apps/core/ip.py.
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth limits failed logins per IP and per login ("key"). Per login alone, anybody
        # anywhere could lock an organisation out with five wrong passwords; keyed on the login
        # *and* the real address, bad logins from one address never stop anybody else.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"

    def _get_login_key(self, request, **credentials) -> str:
        """allauth's own key of a login (the site and the login), with no address."""
        return DefaultAccountAdapter._get_login_attempts_cache_key(self, request, **credentials)

    def pre_authenticate(self, request, **credentials) -> None:
        # After the limits above, a ceiling per login alone slows guesses spread over many
        # addresses down (apps/clients/login_limits.py). The right password waits too: letting
        # it through would tell which guess was right.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            LOGIN_RATE_LIMITED.labels(limit="address").inc()
            raise
        self._login_ceiling_usage = login_ceiling_consume(request, key=self._get_login_key(request, **credentials))
        if self._login_ceiling_usage is None:
            LOGIN_RATE_LIMITED.labels(limit="login").inc()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        # allauth's authenticate() takes a successful login's attempt back from its own limits.
        super()._rollback_login_failed_rl_usage()
        if usage := getattr(self, "_login_ceiling_usage", None):
            usage.rollback()

    def set_password(self, user, password: str) -> None:
        # Change, reset and set all end here: a password the client chose ends the letter's one.
        client_password_set(user=user, password=password)
        # Guesses at the old password are moot: a reset (or a change) ends the login's slowdown.
        request = allauth_context.request
        login_ceiling_clear(request, key=self._get_login_key(request, username=user.get_username()))

    def clean_password(self, password: str, user=None) -> str:
        password = super().clean_password(password, user)
        client = getattr(user, "client", None) if user is not None else None
        if client is not None and client.access_password_expires_at and user.check_password(password):
            raise ValidationError(_("Придумайте свой пароль: пароль из письма использовать нельзя."))
        return password

    def post_login(self, request, user, **kwargs):
        """Speak the person's language, or in a browser where they never chose one, the language
        of the organisation they act for, from the first page after login.

        The person's choice is the Rus/Eng switch's cookie (made on the login page too), and it
        stays theirs: nothing here writes it to the organisation, whose e-mails keep the language
        its administrator set («Сотрудники»). The organisation's language is only this session's
        default (PortalLocaleMiddleware), so the next person to log in on a shared browser gets
        their own organisation's.
        """
        chosen_id = choose_at_login(request.session, user=user)
        client = getattr(user, "client", None)
        if client is None and chosen_id is not None:
            client = Client.objects.get(id=chosen_id)
        if client is not None:
            request.session[SESSION_LANGUAGE_KEY] = client.language
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else client.language if client else None
        if language is not None:
            translation.activate(language)  # allauth's «logged in» message, rendered here
            request.LANGUAGE_CODE = language
        return super().post_login(request, user, **kwargs)

    def get_password_change_redirect_url(self, request) -> str:
        return reverse("cabinet:home")

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        # Only to the organisation's own address, whatever was typed: the reset form finds
        # users by that address alone (apps/clients/forms.py), and this is the last guard. A
        # switched-off organisation could reset but never log in; it hears nothing instead.
        client = getattr(user, "client", None)
        if client is None and _is_client_login(user):
            # A colleague's login is their address itself (the username), never User.email.
            return super().send_password_reset_mail(user, user.get_username(), context)
        if client is None or not client.is_active or not user.is_active:
            return
        super().send_password_reset_mail(user, client.email, context)

    def format_email_subject(self, subject: str) -> str:
        # Our subjects name the company themselves; allauth would prefix the host name.
        return subject

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's letters go through the outbox like every other e-mail of the portal."""
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        # In the organisation's own language, not the language of the page the reset was asked
        # from; a letter to an unknown address has no client and keeps the page's language.
        client = getattr(context.get("user"), "client", None)
        with translation.override(client.language if client is not None else translation.get_language()):
            message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        outgoing_email_create(
            key=f"account.{template_prefix.rpartition('/')[2]}.{uuid.uuid4().hex}",
            to=email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            sensitive=True,  # reset links and codes let anyone who reads them in
        )


def _is_suspended_client(user) -> bool:
    client = getattr(user, "client", None)
    if client is None:
        # A colleague all of whose organisations staff switched off (not one disabled by its admin).
        return (
            _is_person(user)
            and not memberships_active(user=user)
            and Membership.objects.filter(user_id=user.id, is_active=True, client__is_active=False).exists()
        )
    return user.is_active and not client.is_active


def _invited(request, user) -> bool:
    """A person logging in to accept the invitation this browser opened, addressed to them."""
    session = getattr(request, "session", None)
    if session is None or not _is_person(user):
        return False
    return invitation_valid(session.get(INVITATION_SESSION_KEY), email=user.get_username()) is not None


def access_closed_message(closed: list) -> str:
    """Whom a closed person asks: each organisation's administrators (or its own address)."""
    parts = [
        _("«%(name)s» (администратор: %(contacts)s)")
        % {"name": membership.client.name, "contacts": ", ".join(administrator_contacts(client=membership.client))}
        for membership in closed
    ]
    return ACCESS_CLOSED % {"organisations": "; ".join(parts)}


def _is_person(user) -> bool:
    """A colleague's login: no organisation of its own, never staff."""
    return getattr(user, "client", None) is None and user.is_active and not user.is_staff and not user.is_superuser


def _is_client_login(user) -> bool:
    if _is_person(user):
        return bool(memberships_active(user=user))
    return getattr(user, "client", None) is not None and user.is_active and client_may_log_in(user)
