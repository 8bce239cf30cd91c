"""gunicorn's settings for the portal's web processes, read from the environment.

    gunicorn project.wsgi          # picks this file up from the working directory

Every value has a default that suits one small host; a deployment sets the variables.
"""

import os

# Loopback unless told otherwise: behind the proxy (TRUSTED_PROXY_COUNT), a client that reached
# gunicorn directly could write its own X-Forwarded-For. A proxy on another host sets this.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are short and CPU-bound (the 1C calls run in the worker cluster, never in a page),
# so sync workers, about two per core, serve them best.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A page that takes longer than this is a bug; the largest download (an archive) streams
# from storage in chunks and does not count against it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Off by default (gunicorn's own default): a recycled worker pays its first requests again
# (connections, templates). Set it if a library is ever seen to leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# "-" is standard output; empty turns the access log off (the proxy usually keeps one).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The reverse proxy's address: only it may set X-Forwarded-Proto (see TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Load the app before forking: workers share its memory and a broken setting fails at start.
preload_app = True
