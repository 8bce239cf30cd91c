"""The portal's counters for /metrics (apps/monitoring/); each app counts its own events here.

Counters live in the process that counts: with PROMETHEUS_MULTIPROC_DIR set, every process of a
node writes its own file there and a scrape sums them. What the database knows (jobs waiting,
e-mails unsent) is not counted here but read at scrape time, right whichever node is asked.
1C's calls are timed at the seam itself (apps/onec/status.py), which imports no other app.
"""

from django.db import transaction
from django.db.models import Model
from prometheus_client import Counter

JOB_OUTCOMES = Counter(
    "portal_job_outcomes",
    "Attempts at background jobs, by the status each left its job in (retrying, sent, in_review, failed …).",
    ["kind", "outcome"],
)
EMAIL_SENDS = Counter(
    "portal_email_sends",
    "Outbox sends: sent, retrying (a failure tried again later) or failed (given up).",
    ["outcome"],
)
NOTICE_POLLS = Counter(
    "portal_notice_polls",
    "Polls of 1C for new documents: ok, skipped (another run moved the cursor), unavailable, not_supported.",
    ["outcome"],
)
NOTICE_DIGESTS = Counter("portal_notice_digests", "E-mail digests of new documents written for clients.")
LOGINS = Counter("portal_logins", "Completed logins of clients and staff (after the code, when one is asked).")
LOGIN_FAILURES = Counter("portal_login_failures", "Failed logins: wrong login or password, or locked out.")
LOGIN_LOCKOUTS = Counter("portal_login_lockouts", "Staff logins locked out by django-axes (name and address).")
LOGIN_RATE_LIMITED = Counter(
    "portal_login_rate_limited",
    "Client logins refused before the password was checked: address (allauth's per address and per "
    "login and address limits) or login (the daily ceiling of one login from any address).",
    ["limit"],
)

# Series that exist from the start, so that their first increment shows in a rate().
for _outcome in ("sent", "retrying", "failed"):
    EMAIL_SENDS.labels(outcome=_outcome)
for _outcome in ("ok", "skipped", "unavailable", "not_supported"):
    NOTICE_POLLS.labels(outcome=_outcome)
for _limit in ("address", "login"):
    LOGIN_RATE_LIMITED.labels(limit=_limit)


def job_kind(model: type[Model]) -> str:
    """The `kind` label of a job model: its `metrics_kind` ("archive", "act"), else its name."""
    return getattr(model, "metrics_kind", "") or model._meta.model_name


def job_outcome_count(model: type[Model], outcome: str, count: int = 1) -> None:
    """Count jobs moved to `outcome`, once the transaction that moved them commits."""
    if count > 0:
        counter = JOB_OUTCOMES.labels(kind=job_kind(model), outcome=outcome)
        transaction.on_commit(lambda: counter.inc(count))


# --- Logins: the signals of Django, allauth and django-axes, connected in CoreConfig.ready


def _logged_in(sender, **kwargs) -> None:
    LOGINS.inc()


def _login_failed(sender, **kwargs) -> None:
    LOGIN_FAILURES.inc()


def _locked_out(sender, **kwargs) -> None:
    LOGIN_LOCKOUTS.inc()


def login_signals_connect() -> None:
    from allauth.account.signals import user_logged_in
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed

    user_logged_in.connect(_logged_in, dispatch_uid="portal-metrics-logged-in")
    user_login_failed.connect(_login_failed, dispatch_uid="portal-metrics-login-failed")
    user_locked_out.connect(_locked_out, dispatch_uid="portal-metrics-locked-out")
