"""Which 1C client the portal talks to, chosen by `settings.ONEC_BACKEND`.

Kept apart from the interface (apps/onec/client.py) the way `django.core.mail.get_connection`
lives apart from the mail backends' base class: the implementations import the interface, and
only this module imports the implementations, so the interface knows none of them.
"""

import threading

from django.conf import settings

from apps.onec.client import OneCClient

_soap_clients: dict[tuple, OneCClient] = {}
_soap_lock = threading.Lock()


def get_onec_client() -> OneCClient:
    """The configured 1C client. The SOAP one is built once per process (per configuration), so
    its parsed WSDL, HTTP session and connection limit are shared by every caller."""
    if settings.ONEC_BACKEND == "fake":
        from apps.onec.fake import fake_onec_instance

        return fake_onec_instance
    from apps.onec.soap import SoapConfig, SoapOneCClient

    config = SoapConfig.from_settings()
    with _soap_lock:
        client = _soap_clients.get(config.cache_key())
        if client is None:
            client = _soap_clients[config.cache_key()] = SoapOneCClient(config)
        return client


def reset_onec_clients() -> None:
    """Forget the built SOAP clients (tests that change settings; never needed in production)."""
    with _soap_lock:
        _soap_clients.clear()
