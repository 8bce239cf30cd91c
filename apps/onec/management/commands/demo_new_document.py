"""`manage.py demo_new_document --inn 5036012344`: the running demo 1C publishes a new document now.

So that the demo can show a notice e-mail: the emulator (`make demo`'s `onec` process) adds the
document and reports it to the next notices poll (`manage.py notices_poll`). It asks the emulator
at ONEC_WSDL_URL over its loopback-only control address; a real 1C has no such address.
"""

import base64
import json
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.onec.emulator.control import NEW_TYPES, PUBLISH_PATH

SERVICE_SUFFIX = "/ws/ClientPortal.1cws"
TIMEOUT_SECONDS = 10


def control_url(wsdl_url: str) -> str:
    """http://127.0.0.1:8081/portal/ws/ClientPortal.1cws?wsdl → http://127.0.0.1:8081/portal/control/publish"""
    parts = urlsplit(wsdl_url)
    base = parts.path.removesuffix(SERVICE_SUFFIX) if parts.path.endswith(SERVICE_SUFFIX) else ""
    return urlunsplit((parts.scheme, parts.netloc, f"{base}/{PUBLISH_PATH}", "", ""))


class Command(BaseCommand):
    help = "Make the running demo 1C (the emulator) publish a new document now, for the notices demo."

    def add_arguments(self, parser):
        parser.add_argument("--inn", required=True, help="a demo client's INN, e.g. 5036012344")
        parser.add_argument(
            "--kind",
            choices=sorted(NEW_TYPES),
            default="Closing",
            help="Closing (an УПД, the default) and Certificate are announced; an Invoice never is",
        )

    def handle(self, *args, **opts):
        url = control_url(settings.ONEC_WSDL_URL)
        if urlsplit(url).scheme not in ("http", "https"):
            raise CommandError(f"ONEC_WSDL_URL is not an http(s) address: {settings.ONEC_WSDL_URL}")
        credentials = base64.b64encode(f"{settings.ONEC_USERNAME}:{settings.ONEC_PASSWORD}".encode()).decode()
        request = Request(  # noqa: S310  (the portal's own setting, http(s) only)
            url,
            data=json.dumps({"inn": opts["inn"], "kind": opts["kind"]}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {credentials}"},
            method="POST",
        )
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                document = json.loads(response.read())
        except HTTPError as error:
            raise CommandError(_refusal(url, error)) from None
        except (URLError, OSError) as error:
            raise CommandError(f"The demo 1C does not answer at {url} ({error}): is `make demo` running?") from None
        self.stdout.write(
            f"The demo 1C published {document['type']} № {document['number']} of {document['date']} "
            f"for INN {opts['inn']}.\nThe next notices poll announces it to a client subscribed in «Уведомления»: "
            "DEBUG=1 .venv/bin/python manage.py notices_poll"
        )


def _refusal(url: str, error: HTTPError) -> str:
    try:
        said = json.loads(error.read()).get("error", "")
    except (ValueError, AttributeError):
        said = ""
    if error.code == 404 and not said:
        return f"{url} is not the demo 1C's control address (a real 1C has none)"
    return f"The demo 1C refused: {said or error.code}"
