"""What a page says for each way a 1C call can fail: the status words of
templates/cabinet/includes/onec_failure.html, one table for every page that reads 1C."""

from apps.onec.client import OneCError, OneCErrorKind

_PROBLEMS = {
    OneCErrorKind.UNAVAILABLE: "unavailable",
    OneCErrorKind.CLIENT_NOT_FOUND: "not_found",
    OneCErrorKind.NOT_SUPPORTED: "not_supported",
    OneCErrorKind.INVALID_PERIOD: "invalid_period",
}


def onec_problem(error: OneCError) -> str:
    """The page's word for the failure; "failed" for a kind no page names (a missing document)."""
    return _PROBLEMS.get(error.kind, "failed")
