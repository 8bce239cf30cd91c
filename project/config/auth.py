"""Logging in: client and staff logins, allauth, two-factor login, the staff lockout, sessions."""

from project.env import env_int

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires; AXES_ONLY_ADMIN_SITE limits it to the staff login.
    "axes.backends.AxesStandaloneBackend",
    "apps.clients.backends.ClientAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cabinet:home"
ACCOUNT_ADAPTER = "apps.clients.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_SIGNUP_ENABLED = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
# Failed logins of one login from any address (apps/clients/login_limits.py): the first
# LOGIN_FAILURES_PER_DAY in a day, then one attempt every LOGIN_SLOWDOWN_MINUTES. With 10 and 20:
# at most 10 + 24 * 60 / 20 = 82 guesses a day, and an owner waits 20 minutes at worst (or resets).
LOGIN_FAILURES_PER_DAY = env_int("LOGIN_FAILURES_PER_DAY", 10, minimum=1, maximum=50)
LOGIN_SLOWDOWN_MINUTES = env_int("LOGIN_SLOWDOWN_MINUTES", 20, minimum=5, maximum=60)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # "key" is the login *and* the address (apps/clients/adapter.py): nobody can lock an owner out.
    "login_failed": "10/m/ip,5/5m/key",
    # "key" is the login alone: guesses spread over many addresses are slowed down.
    "login_failed_per_login": f"{LOGIN_FAILURES_PER_DAY}/1d/key",
    "login_failed_per_login_slowed": f"1/{LOGIN_SLOWDOWN_MINUTES}m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_FORMS = {
    "login": "apps.clients.forms.InnLoginForm",
    "reset_password": "apps.clients.forms.ClientResetPasswordForm",
}
# allauth would otherwise write to any address typed into «Забыли пароль?» ("no account here"):
# the portal writes only to an organisation's own address, and to nobody else.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False

# Two-factor login (allauth.mfa): an authenticator app (TOTP) and recovery codes, no security
# keys. Who must use it is decided in apps/clients/two_factor.py; the code step after the
# password is allauth's own stage, for the client login and the staff login at /admin/ alike.
MFA_ADAPTER = "apps.clients.two_factor.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 s still works: phone clocks drift
MFA_RECOVERY_CODE_COUNT = 10
# allauth refuses an app to a login with an unverified EmailAddress row, a guard for sites where
# anyone signs up. Here nobody signs up: staff create organisations and an accepted invitation
# proves a colleague's address. allauth writes such rows itself (a «Забыли пароль?» does), and a
# required app refused that way would lock the person out.
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_FORMS = {
    "authenticate": "apps.clients.two_factor_forms.CodeLoginForm",
    "reauthenticate": "apps.clients.two_factor_forms.CodeReauthenticateForm",
    "activate_totp": "apps.clients.two_factor_forms.ActivateAppForm",
    "deactivate_totp": "apps.clients.two_factor_forms.DeactivateAppForm",
}
# Confirming who you are before switching two-factor login on or off: the password or the
# code. Not an e-mailed code: its pages are not mounted (project/urls.py).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# Code attempts share allauth's "login_failed" limits above (5 wrong codes per login in 5 min).

AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "apps.core.axes.AdminOnlyAxesHandler"
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "apps.core.ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_ON_SUCCESS = True

SESSION_IDLE_HOURS = env_int("SESSION_IDLE_HOURS", 8, minimum=1, maximum=72)
# An idle timeout, not two weeks after login: apps/core/sessions.py renews the session's expiry
# at most once per SESSION_IDLE_REFRESH_SECONDS instead of writing it on every request.
SESSION_COOKIE_AGE = SESSION_IDLE_HOURS * 3600
SESSION_IDLE_REFRESH_SECONDS = 300
