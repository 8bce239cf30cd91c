"""What the portal's own features allow: requests, acts, questions, and the company it speaks for."""

from project.env import env_email, env_int, env_list, env_str, env_url

# --- Requests from the cabinet ----------------------------------------------------------------
PERIOD_MAX_DAYS = env_int("PERIOD_MAX_DAYS", 366, minimum=1)
REQUESTS_PER_HOUR = env_int("REQUESTS_PER_HOUR", 20, minimum=1)
ARCHIVE_TTL_DAYS = env_int("ARCHIVE_TTL_DAYS", 7, minimum=1)
# A running job whose heartbeat is older than this lost its worker; it must exceed the longest
# single 1C call (ONEC_ACT_TIMEOUT), during which no heartbeat is possible.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300, minimum=1)
# An e-mail claimed for sending this long ago belongs to a worker that died mid-send.
MAIL_SENDING_STALE_SECONDS = env_int("MAIL_SENDING_STALE_SECONDS", 600, minimum=1)
# How long an unreachable 1C is retried (with backoff) before a request is marked unavailable.
ONEC_RETRY_WINDOW_MINUTES = env_int("ONEC_RETRY_WINDOW_MINUTES", 60, minimum=0)
# How often one ListChangedDocuments call (for every client at once) looks for new documents to
# announce; read when the schedule is created by migrate (apps/notices/migrations/0002_schedule.py).
NOTICES_POLL_MINUTES = env_int("NOTICES_POLL_MINUTES", 15, minimum=1, maximum=1440)

# --- Company shown in the header (defaults from the client guide) ---------------------------
COMPANY_NAME = env_str("COMPANY_NAME", 'АО "Подольскогнеупор"')
COMPANY_SITE = env_url("COMPANY_SITE", "https://podolskogneupor.ru")
COMPANY_PHONES = env_list("COMPANY_PHONES", ["(800) 302-71-15", "(4967) 58-03-73"])
COMPANY_EMAIL = env_email("COMPANY_EMAIL", "info@podolskogneupor.ru")
# The name an authenticator app shows next to the portal's codes (two-factor login).
MFA_TOTP_ISSUER = COMPANY_NAME

# --- Reconciliation and questions -----------------------------------------------------------
# Acts ordered before this local hour (TIME_ZONE) on a working day are reviewed the same day;
# later ones, and those ordered at the weekend, the next working day.
ACT_CUTOFF_HOUR = env_int("ACT_CUTOFF_HOUR", 15, minimum=0, maximum=23)
# The review queue highlights acts that have waited for a reviewer longer than this.
ACT_REVIEW_OVERDUE_HOURS = env_int("ACT_REVIEW_OVERDUE_HOURS", 4, minimum=1)
ACTS_PER_HOUR = env_int("ACTS_PER_HOUR", 10, minimum=1)
ACT_MAX_UPLOAD_MB = env_int("ACT_MAX_UPLOAD_MB", 20, minimum=1)
QUESTIONS_PER_HOUR = env_int("QUESTIONS_PER_HOUR", 5, minimum=1)
QUESTION_NAME_MAX_LENGTH = env_int("QUESTION_NAME_MAX_LENGTH", 200, minimum=10, maximum=255)
QUESTION_TEXT_MAX_LENGTH = env_int("QUESTION_TEXT_MAX_LENGTH", 3000, minimum=100)
ANSWER_TEXT_MAX_LENGTH = env_int("ANSWER_TEXT_MAX_LENGTH", 10000, minimum=100)

# --- Company accounts -----------------------------------------------------------------------
# Invitations are e-mails: an organisation sends at most this many an hour, and one address gets
# at most the second number an hour from all organisations together (resends included).
INVITATIONS_PER_HOUR = env_int("INVITATIONS_PER_HOUR", 20, minimum=1)
INVITATIONS_PER_ADDRESS_PER_HOUR = env_int("INVITATIONS_PER_ADDRESS_PER_HOUR", 3, minimum=1)
