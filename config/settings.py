"""Settings for the CRM contacts service, read from the environment.

Defaults are the safe production ones; `bin/serve` relaxes the few that a
plain-HTTP local server needs. See README "Configuration".
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"  # git-ignored machine-local state


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def local_secret_key() -> str:
    """A random key kept in .local/ so sessions survive restarts without one in code."""
    path = LOCAL_DIR / "secret-key"
    if not path.exists():
        LOCAL_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS hardening is on unless a plain-HTTP local server turns it off.
SECURE_HTTPS = env_bool("SECURE_HTTPS", True)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "crm.apps.CrmAdminConfig",  # django.contrib.admin, with team-scoped autocomplete
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "phonenumber_field",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    # The task queue: its schema as migrations, its jobs in the admin (README "Background work").
    "procrastinate.contrib.django",
    "crm",
    "companies",
    "contacts",
    "calls",
    "donotcall.apps.DoNotCallConfig",
    # Who changed what (history/): triggers written by pgtrigger, events by pghistory.
    "pgtrigger",
    "pghistory",
    "history",
    "webhooks",
    # The change feed (events/): history's events in commit order.
    "events",
]

MIDDLEWARE = [
    # First: every response carries X-Request-ID, and every log line the request's ID.
    "crm.request_id.RequestIdMiddleware",
    # Next, so that it sees every other middleware's answer: JSON errors under /api/.
    "crm.api.middleware.JsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "crm.api.middleware.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin pages show and read times in the staff member's own zone (crm/staff_timezone.py).
    "crm.staff_timezone.StaffTimeZoneMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Security headers (crm/security_headers.py): a Content-Security-Policy on every response,
    # and no cache keeps an API response (they carry personal data).
    "crm.security_headers.ContentSecurityPolicyMiddleware",
    "crm.security_headers.ApiNoStoreMiddleware",
    # API rate limits (crm/api/ratelimit.py): counted before the view's transaction opens.
    "crm.api.ratelimit.ApiRateLimitMiddleware",
    # A team's API reads on a replica, unless it just wrote (crm/replicas.py): after the rate
    # limits, whose token lookup (on the primary) names the team.
    "crm.replicas.ReplicaReadsMiddleware",
    # Who made the request's changes, for their history (history/context.py): after the
    # rate limits, which look up the API token this names.
    "history.context.HistoryContextMiddleware",
    # Last: turns an admin login lockout into its page (django-axes, below).
    "axes.middleware.AxesMiddleware",
]

# API rate limits (README "Rate limits"), counted in Redis when REDIS_URL is set, else in
# PostgreSQL.
REDIS_URL = os.environ.get("REDIS_URL") or None
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", 600))
API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE = int(
    os.environ.get("API_RATE_LIMIT_PER_ADDRESS_PER_MINUTE", 30)
)
API_RATE_LIMIT_KEY_PREFIX = "crm:ratelimit:"
# A live API token (and its team) is trusted this long in each process before the database is
# asked again: a revocation, or a change to the team, made elsewhere is seen within it
# (README "Read path"). 0 asks every request.
API_TOKEN_CACHE_SECONDS = float(os.environ.get("API_TOKEN_CACHE_SECONDS", 5))
# Proxies in front of the app that append to X-Forwarded-For (nginx: 1). 0 trusts none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

# Content-Security-Policy of every response (crm/security_headers.py; Django 6.0's format):
# scripts and styles from this site's files only, nothing inline, no frames, no plugins.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],  # the admin's and Swagger UI's icons are data: URIs
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Admin login lockout (django-axes, README "Admin"): after ADMIN_LOGIN_FAILURE_LIMIT failures
# for one username from one address, that pair is refused, before any password hashing, until
# ADMIN_LOGIN_COOLOFF_MINUTES pass without another attempt. Superusers see and lift lockouts in
# the admin; `manage.py axes_reset_ip_username IP USERNAME` lifts one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out login stops here
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "crm.client_address.client_address"
AXES_LOCKOUT_CALLABLE = "crm.views.login_locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ENABLE_ADMIN = False  # crm/admin.py shows axes' records to superusers only
AXES_VERBOSE = False  # no banner on every manage.py start; failure lines name user and address only

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# API routes have no trailing slash (as in the reference); never redirect a POST.
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_health_checks=True)
    }
else:
    from config.embedded_db import start as start_embedded_postgres

    DATABASES = {"default": start_embedded_postgres(LOCAL_DIR / "pgdata")}

# Each page is one transaction: a write and what goes with it commit together, and a request
# that fails writes nothing. The API's views open theirs for writes only (crm/api/views.py).
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# Database connections (README "Read path"). Each process keeps its connection open for
# DATABASE_CONN_MAX_AGE seconds (0: a new connection per request), or, with DATABASE_POOL_SIZE
# above 0, takes one per request from a psycopg pool of at most that many (Django's "pool").
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", 60))
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", 0))
if DATABASE_POOL_SIZE > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django refuses both
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        "timeout": 10,  # waiting longer for a free connection than this is an error
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = DATABASE_CONN_MAX_AGE
# Read replicas (README "Read replicas", crm/replicas.py): API reads of a team go to one of
# them unless the team just wrote, or none is reachable and close enough behind the primary.
# They are aliases `replica1`, `replica2`...; tests mirror them to the primary's test database.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", [])
if DATABASE_REPLICA_URLS and not REDIS_URL:
    # A team's "read from the primary" mark must be seen by every worker of every machine.
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs REDIS_URL (README 'Read replicas').")
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", 5))
REPLICA_CHECK_SECONDS = float(os.environ.get("REPLICA_CHECK_SECONDS", 1))
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", 5))
# libpq waits at least 2 s (a smaller value is taken as 2).
REPLICA_CONNECT_TIMEOUT_SECONDS = int(os.environ.get("REPLICA_CONNECT_TIMEOUT_SECONDS", 2))
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = dj_database_url.parse(
        url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    replica["OPTIONS"] = {
        **replica.get("OPTIONS", {}),
        "connect_timeout": REPLICA_CONNECT_TIMEOUT_SECONDS,
    }
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number}"] = replica
DATABASE_ROUTERS = ["crm.replicas.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Archived contacts and companies are deleted for good by `purge_archived` after this.
ARCHIVE_RETENTION_DAYS = int(os.environ.get("ARCHIVE_RETENTION_DAYS", 30))
# The change feed serves events this long; a cursor older than this is a 410.
EVENT_RETENTION_DAYS = int(os.environ.get("EVENT_RETENTION_DAYS", 30))

# Background work (README "Background work"): procrastinate's workers (`manage.py worker`).
# A worker that misses heartbeats for WORKER_STALLED_AFTER_SECONDS is taken for dead, and the
# jobs it was running are run again (crm/jobs.py, every minute by STALLED_JOBS_CRON).
WORKER_CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", 4))
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", 10))
WORKER_STALLED_AFTER_SECONDS = float(os.environ.get("WORKER_STALLED_AFTER_SECONDS", 30))
STALLED_JOBS_CRON = os.environ.get("STALLED_JOBS_CRON", "* * * * *")
# The planner's statistics: tables autovacuum's rule says are due are analysed this often, so
# that a new install or a server without autovacuum is not planned as empty (crm/statistics.py).
ANALYZE_STALE_TABLES_CRON = os.environ.get("ANALYZE_STALE_TABLES_CRON", "* * * * *")
# Failed and cancelled jobs are kept this long for a look in the admin; succeeded ones go at once.
FINISHED_JOB_RETENTION_DAYS = int(os.environ.get("FINISHED_JOB_RETENTION_DAYS", 7))
# A worker hears of new jobs by NOTIFY, but not of a job whose lock was just freed by a job
# ending (a webhook endpoint's next drain, the next dispatch): it looks again this often.
WORKER_POLL_SECONDS = float(os.environ.get("WORKER_POLL_SECONDS", 0.5))
PROCRASTINATE_WORKER_DEFAULTS = {
    "concurrency": WORKER_CONCURRENCY,
    "fetch_job_polling_interval": WORKER_POLL_SECONDS,
    "update_heartbeat_interval": WORKER_HEARTBEAT_SECONDS,
    "stalled_worker_timeout": WORKER_STALLED_AFTER_SECONDS,
    # A stopping worker lets its running jobs finish for this long, then cancels the async ones;
    # a job still running when the worker is killed is run again by another (crm/jobs.py).
    "shutdown_graceful_timeout": 20.0,
    "delete_jobs": "successful",
}
# Webhook endpoints must be HTTPS URLs of public addresses; local development and the tests
# receive on http://127.0.0.1 and turn this on.
WEBHOOKS_ALLOW_PRIVATE_URLS = env_bool("WEBHOOKS_ALLOW_PRIVATE_URLS", False)
# How long a delivery waits to connect, and for each read of the answer.
WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOKS_TIMEOUT_SECONDS", 10))
# An attempt whose worker died before recording its outcome is due again after this.
WEBHOOKS_ATTEMPT_LEASE_SECONDS = float(os.environ.get("WEBHOOKS_ATTEMPT_LEASE_SECONDS", 300))
# How many requests one endpoint's drain job keeps in flight, and how long it drains before
# handing its worker slot back (it queues itself again when work remains).
WEBHOOKS_DRAIN_CONCURRENCY = int(os.environ.get("WEBHOOKS_DRAIN_CONCURRENCY", 4))
WEBHOOKS_DRAIN_SECONDS = float(os.environ.get("WEBHOOKS_DRAIN_SECONDS", 30))

# The largest file the admin's contact import takes (README "Admin"); nginx allows its upload
# URL this much (deploy/serve.py). The file is stored in the database, for the worker.
CONTACT_IMPORT_MAX_BYTES = int(os.environ.get("CONTACT_IMPORT_MAX_BYTES", 50 * 1024 * 1024))

# Request bodies larger than this are answered with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("API_MAX_BODY_BYTES", 1024 * 1024))
# API URLs (path and query string) longer than this are answered with 414. The front
# (gunicorn's limit_request_line, nginx) must take request lines longer than this, so that
# the API's JSON answer is reached before the front's own page.
API_MAX_URL_BYTES = int(os.environ.get("API_MAX_URL_BYTES", 4096))

PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "E164"
PHONENUMBER_DEFAULT_REGION = None

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["crm.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["crm.api.authentication.HasTeamToken"],
    "DEFAULT_PARSER_CLASSES": ["crm.api.parsers.JSONObjectParser"],
    # DRF's JSON, written faster (crm/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": ["crm.api.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "crm.api.negotiation.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "crm.api.errors.exception_handler",
    "DATETIME_FORMAT": "%Y-%m-%dT%H:%M:%SZ",
    "UNAUTHENTICATED_USER": None,
    # No OPTIONS self-description outside the envelope; OPTIONS is a 405 like any other.
    "DEFAULT_METADATA_CLASS": None,
    # ?format= is not an API parameter here; it is refused like any unknown one.
    "URL_FORMAT_OVERRIDE": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "crm.api.schema.AutoSchema",
}

# The OpenAPI document at /api/schema/ and its browsable docs at /api/docs/ (crm/api/schema.py).
SPECTACULAR_SETTINGS = {
    "TITLE": "CRM Contacts API",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/crm",
    # Request bodies (camelCase, strict) and responses (snake_case, every field) differ.
    "COMPONENT_SPLIT_REQUEST": True,
    # No NullEnum/BlankEnum components: a nullable choice is `nullable` beside its type
    # (crm.api.schema.postprocess), which every generator reads the same way.
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "crm.api.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ErrorCode": "crm.api.errors.ERROR_CODES",
        "SuccessTrue": "crm.api.schema.SUCCESS_TRUE",
        "SuccessFalse": "crm.api.schema.SUCCESS_FALSE",
        # The feed's types, which webhook endpoints subscribe to: one enum in the schema.
        "EventType": "events.kinds.EVENT_TYPES",
        # A batch operation's `op`, one value per kind (crm.api.batch).
        "BatchOpCreate": [("create", "create")],
        "BatchOpUpdate": [("update", "update")],
        "BatchOpUpsert": [("upsert", "upsert")],
        "BatchOpArchive": [("archive", "archive")],
    },
    # Swagger UI's files come from the drf-spectacular-sidecar wheel, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per record (a bug's traceback aside): when, how bad, where from, which request.
    "filters": {
        "request_id": {"()": "crm.request_id.RequestIdFilter"},
        "without_traceback": {"()": "crm.log_filters.WithoutTraceback"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # It narrates every start and stop at INFO.
        "embedded_postgres": {"level": "WARNING"},
        # The task queue names each periodic task at every start, in every process.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
        # A line for every job deferred (the worker logs each job it runs).
        "procrastinate.jobs": {"level": "WARNING"},
        # A bad Host header is the client's doing: one line, not a traceback for each.
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
}
