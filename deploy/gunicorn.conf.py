"""Gunicorn's settings: `gunicorn -c deploy/gunicorn.conf.py` (bin/serve and deploy/serve.py).

Sync workers answer one request at a time each, which suits a database-bound app, but a worker
is held for as long as its client takes to send the request and read the answer: a few slow
clients hold them all. They belong behind a buffering proxy (deploy/nginx.conf) that hands them
whole requests and takes whole responses at once. See README "Production".
"""

import os

wsgi_app = "config.wsgi"
bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WORKERS", 3))
# A worker busy longer than this is killed and replaced; nginx then answers 502.
timeout = 30
graceful_timeout = 20

# Gunicorn answers an over-long request line with an HTML 414 before Django sees it. These are
# gunicorn's maxima, well above Django's own limits (a query string over
# API_MAX_QUERY_STRING_BYTES is Django's JSON 414), so Django answers first.
limit_request_line = 8190
limit_request_field_size = 8190
limit_request_fields = 100

# Access log: no %(u)s, the Basic-auth user name, which a client may fill with its token; the
# request ID is the one Django put on the response. An empty GUNICORN_ACCESS_LOG turns it off
# (deploy/serve.py does behind nginx, whose access log has the same line and the client's time).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '%(t)s %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" '
    "forwarded_for=%({x-forwarded-for}i)s request_id=%({x-request-id}o)s"
)
errorlog = "-"

# The control socket's default path is one per user ($HOME/.gunicorn/gunicorn.ctl): a second
# gunicorn of the same user (another checkout, a test server) would take it over.
control_socket_disable = True


def post_worker_init(worker):
    """Load the URLconf now (and with it every view, serializer and filterset) and move what
    the worker has built into the garbage collector's permanent generation (gc.freeze), so
    that its full collections no longer walk Django and the app each time, a delay added to
    whichever request triggered one (README "Read path"). Those objects live as long as the
    worker; nothing is lost by not collecting them. What the first requests build lazily
    (DRF's settings, the resolver's caches) stays collectable, and small.

    Each worker freezes its own objects, after the fork: with `preload_app` the app would be
    loaded in the master, and this collection would touch, and so copy, the pages the
    workers share with it; freeze in the master's `pre_fork` instead if preloading."""
    import gc
    from importlib import import_module

    from django.conf import settings

    import_module(settings.ROOT_URLCONF)  # and with it every view, serializer and filterset
    gc.collect()
    gc.freeze()
