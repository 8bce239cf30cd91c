"""The bare Django floor for bench/web_cabinet.py: one file, Django's default settings.

Default middleware, database sessions, SQLite, and one login-required view that returns a
plain HttpResponse. Whatever the portal's cabinet costs beyond this is ours.

    python bench/bare_floor.py setup DIR          # migrate, create the user, print a session key
    gunicorn --chdir bench bare_floor:application  # serve it (BARE_FLOOR_DIR=DIR)
"""

import os
import sys

import django
from django.conf import settings

DIR = os.environ.get("BARE_FLOOR_DIR", "/tmp/bare-floor")  # noqa: S108  (a throwaway bench folder)
DATABASE_URL = os.environ.get("BARE_FLOOR_DATABASE_URL", "")

if not settings.configured:
    if DATABASE_URL:
        import dj_database_url

        database = dj_database_url.parse(DATABASE_URL, conn_max_age=600)
    else:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(DIR, "bare.sqlite3")}
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bare-floor-" + "x" * 50,
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        DATABASES={"default": database},
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
        # Django's default MIDDLEWARE from `startproject`.
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        USE_TZ=True,
        LOGIN_URL="/login/",
    )
    django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


@login_required
def home(request):
    return HttpResponse(f"Hello, {request.user.username}!")


urlpatterns = [path("", home)]
application = get_wsgi_application()


def setup() -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench", password="bench-pass-123")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__" and sys.argv[1:2] == ["setup"]:
    print(setup())
