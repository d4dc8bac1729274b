"""Settings for kerjasama, read from environment variables.

Defaults are safe for a single-machine install: SQLite in the project folder,
DEBUG off.  ``make run`` turns DEBUG on for local use; production sets
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL`` (see README.md).
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")
DEBUG = env_bool("DJANGO_DEBUG", False)

# Without SECRET_KEY a development key is used; ``check --deploy`` flags it (security.W009), and
# production refuses to start with it (see the end of this file).
DEV_SECRET_KEY = "django-insecure-local-development-key-not-for-production-use-0123456789"
SECRET_KEY = env("SECRET_KEY") or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # The desk and the importer override admin templates, so they come before django.contrib.admin.
    "desk",
    "transfer",
    "desk.apps.DeskAdminConfig",  # django.contrib.admin with the desk's site class (desk/sites.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "import_export",
    "simple_history",
    "axes",
    "accounts",
    "partners",
    "agreements",
    "documents",
    "portal",
    "registry",
    "notifications",
    "reporting",
    "django_tasks",
    "django_tasks_db",
    "kerjasama",  # the project package as an app: backup/restore commands (kerjasama/management/)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "kerjasama.logs.RequestContextMiddleware",
]

ROOT_URLCONF = "kerjasama.urls"
WSGI_APPLICATION = "kerjasama.wsgi.application"

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
                "kerjasama.context_processors.pemda",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; SQLite serialises writes.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login rate limit (django-axes): 5 failures lock for 15 minutes (what is counted: see the end).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Internationalisation: everything a user reads is Indonesian.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian"))]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kerjasama.formats"]
# One catalogue per feature area (locale/<area>/id/LC_MESSAGES/django.po); Django merges them.
LOCALE_PATHS = sorted(p for p in (BASE_DIR / "locale").iterdir() if p.is_dir()) if (BASE_DIR / "locale").exists() else []

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploaded files are private: served only through permission-checked views, never by URL.
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kerjasama@localhost")
BAGIAN_KERJA_SAMA_EMAIL = env_list("BAGIAN_KERJA_SAMA_EMAIL", "")

# Security. Production (DEBUG off) gets secure cookies, HSTS and HTTPS redirect.
SECURE_PROD = not DEBUG and not TESTING
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_PROD)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE_PROD)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_PROD)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_PROD else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- The home pemda and the rules it configures -------------------------------------------------
PEMDA = {
    "name": env("PEMDA_NAME", "Pemerintah Kabupaten Klaten"),
    "short_name": env("PEMDA_SHORT_NAME", "Kabupaten Klaten"),
    "region_code": env("PEMDA_REGION_CODE", "33.10"),
    "head_title": env("PEMDA_HEAD_TITLE", "Bupati Klaten"),
    "head_name": env("PEMDA_HEAD_NAME", "Drs. H. Ahmad Subekti, M.Si."),
    "city": env("PEMDA_CITY", "Klaten"),
    "logo": env("PEMDA_LOGO", "img/logo-pemda.png"),
}
KERJASAMA = {
    # [BK] warning threshold for KSDD/KSDPK terms (months); foreign terms are blocked above 60.
    "DOMESTIC_TERM_WARNING_MONTHS": env_int("DOMESTIC_TERM_WARNING_MONTHS", 60),
    "FOREIGN_TERM_MAX_MONTHS": 60,
    "LOI_VALID_MONTHS": 12,
    # Permendagri 25/2020 Pasal 38 vs PP 28/2018 Pasal 38: DPRD step for penerusan KSDLL.
    "KSDLL_PENERUSAN_REQUIRES_DPRD": env_bool("KSDLL_PENERUSAN_REQUIRES_DPRD", True),
    "DPRD_DEEMED_APPROVAL_WORKING_DAYS": 45,
    "EXPIRING_SOON_DAYS": env_int("EXPIRING_SOON_DAYS", 90),
    "REMINDER_LEAD_DAYS": [int(x) for x in env_list("REMINDER_LEAD_DAYS", "180,90,30,7,0")],
    "STALE_STAGE_DAYS": env_int("STALE_STAGE_DAYS", 30),
    "PAPER_SIZE": env("PAPER_SIZE", "A4"),  # "A4" or "F4" (215 x 330 mm)
    "NUMBER_PATTERN": env("NUMBER_PATTERN", "{kode_klasifikasi}/{kode_dokumen}/{urut}/{kode_unit}/{tahun}"),
    "NUMBER_CLASSIFICATION_CODE": env("NUMBER_CLASSIFICATION_CODE", "000.3.3"),
    "NUMBER_UNIT_CODE": env("NUMBER_UNIT_CODE", "Kerjasama"),
}

# django-countries has no Indonesian catalogue: names come from CLDR (partners/countries_id.py).
from partners.countries_id import COUNTRY_NAMES_ID  # noqa: E402

COUNTRIES_OVERRIDE = COUNTRY_NAMES_ID
COUNTRIES_FIRST = ["JP", "KR", "CN", "AU", "NL", "DE", "MY", "SG", "US"]

# Tiles of the apps above the registry on its dashboard: dotted paths of callables(request) that
# return {"template": ..., "context": {...}} (registry/dashboard.py ``panels``).
REGISTRY_DASHBOARD_PANELS = ["reporting.panels.mapping_funnel"]

# --- Operations: tasks, links, storage, logs (docs/README-operations.md) -------------------------

# Absolute links in e-mail: the address people reach the site at.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Django's task framework (django-tasks, DEP 14). Default: tasks live in the database and
# ``manage.py db_worker`` runs them. ``TASKS_BACKEND=rq`` with ``REDIS_URL``: RQ on Redis
# (``manage.py rqworker default``). ``immediate`` runs a task inside the caller (only tests that ask).
TASKS_BACKEND = env("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}}
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}  # so `manage.py rqworker default` runs django-tasks' jobs
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A notification mail is tried this many times, waiting MAIL_RETRY_BACKOFF_SECONDS * 2**n between tries.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
MAIL_RETRY_BACKOFF_SECONDS = env_int("MAIL_RETRY_BACKOFF_SECONDS", 60)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
if env("EMAIL_FILE_PATH"):  # EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (tests, trials)
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Generated files (ZIP of drafts) are kept this long, then removed by the daily upkeep.
GENERATED_FILES_KEEP_HOURS = env_int("GENERATED_FILES_KEEP_HOURS", 24)
# An admin import of more rows than this runs as a background job (transfer.tasks) instead of in the request.
IMPORT_JOB_THRESHOLD_ROWS = env_int("IMPORT_JOB_THRESHOLD_ROWS", 2000)
# The health endpoint reports trouble when the oldest queued task waits longer than this.
HEALTH_MAX_QUEUE_AGE_SECONDS = env_int("HEALTH_MAX_QUEUE_AGE_SECONDS", 600)
# A task row RUNNING for longer than this lost its worker (killed, restarted): ``reclaim_stalled_tasks``
# queues it again, or marks it failed once it was claimed TASKS_MAX_ATTEMPTS times.  Keep it above
# the longest task (the largest import takes a few minutes).
TASKS_STALL_MINUTES = env_int("TASKS_STALL_MINUTES", 30)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3)

# Files: the private local folder by default; S3-compatible object storage (MinIO, cloud) with
# STORAGE_BACKEND=s3. Files are never public: downloads go through permission-checked views.
STORAGE_BACKEND = env("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET", "kerjasama"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION", "us-east-1"),
            "access_key": env("S3_ACCESS_KEY_ID") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_SIGNED_URL_SECONDS", 300),
            "file_overwrite": False,
            "location": env("S3_PREFIX", ""),
        },
    }

# Logs: one JSON line per record on stdout, with the request id, user and agreement id when known.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "kerjasama.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "kerjasama.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["context"],
            "formatter": env("LOG_FORMAT", "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "INFO")},
        "django_tasks_db": {"level": env("TASKS_LOG_LEVEL", "INFO")},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

if env_bool("DJANGO_PRODUCTION", False) and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is not set. Set it in the environment (see README.md, Configuration).")

# Regulation calendar (issue 13): foreign extension and forwarding deadlines, extension reminders.
KERJASAMA.update(
    {
        # Permendagri 25/2020 Pasal 33: request the extension at least 6 months before the end.
        "EXTENSION_REQUEST_MONTHS": 6,
        # reminders ahead of that due date (days before it)
        "EXTENSION_REMINDER_LEAD_DAYS": [int(x) for x in env_list("EXTENSION_REMINDER_LEAD_DAYS", "60,30,7")],
        # Pasal 18, 20: the Gubernur forwards a kabupaten/kota file within 5 working days.
        "GUBERNUR_FORWARD_WORKING_DAYS": 5,
    }
)
# The default classification code is only an example; the pemda must confirm its own (desk check).
NUMBER_CLASSIFICATION_CODE_DEFAULT = "000.3.3"

# --- Hardening (issue 16) -------------------------------------------------------------------------
# Failed logins are counted per username and, separately, per client address: many passwords tried
# on many users from one address lock that address; one user attacked from many addresses is locked.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The client address comes from X-Forwarded-For only when the request arrives from a proxy listed
# here (the pemda's TLS proxy); otherwise anyone could forge the header, and without it every user
# behind the proxy would share the proxy's address.
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", "")


def client_ip(request):
    """The client's address: the right-most X-Forwarded-For hop when REMOTE_ADDR is a trusted proxy
    (that hop is what the proxy itself saw; hops to its left are whatever the client sent)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if remote and remote in TRUSTED_PROXY_IPS:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return remote


AXES_CLIENT_IP_CALLABLE = client_ip

# Sessions end after SESSION_IDLE_HOURS without a request and when the browser is closed; the
# expiry is renewed at most every SESSION_REFRESH_SECONDS (kerjasama/sessions.py), not on every page.
SESSION_COOKIE_AGE = int(env_int("SESSION_IDLE_HOURS", 8) * 3600)
SESSION_REFRESH_SECONDS = env_int("SESSION_REFRESH_SECONDS", 300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
MIDDLEWARE += ["kerjasama.sessions.IdleSessionMiddleware"]
# Content-Security-Policy (django-csp): scripts only from this site or with the request's nonce;
# no plugins, no framing, forms post only here.  Styles allow inline attributes (the admin uses them).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

import kerjasama.sessions  # noqa: E402, F401 - connects its sign-in receiver

MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
