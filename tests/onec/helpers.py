from apps.onec.soap import SoapConfig, SoapOneCClient

EMULATOR_PASSWORD = "portal"


def soap_client(
    wsdl_url: str,
    *,
    endpoint_url: str = "",
    password: str = EMULATOR_PASSWORD,
    timeout: float = 5.0,
    act_timeout: float = 10.0,
    max_connections: int = 4,
) -> SoapOneCClient:
    """The real SOAP client with test-sized timeouts (settings allow no less than a second)."""
    config = SoapConfig(wsdl_url, endpoint_url, "portal", password, timeout, act_timeout, max_connections)
    return SoapOneCClient(config)
