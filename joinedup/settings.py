"""joinedup settings: one file, driven by environment variables.

With nothing set you get SQLite, DEBUG and immediate background tasks, which is what the demo
and the tests need. Production differs only by environment (see .env.example).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read a setting; NAME_FILE (a path) wins over NAME, for secrets mounted as files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "joinedup.core",
    "joinedup.directory",
    "joinedup.partnerships",
    "joinedup.referrals",
    "joinedup.insights",
    "joinedup.api",
    "joinedup.search",
    "joinedup.demo",
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
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    # Insights and the public feed read from the replica when there is one (core/routers.py).
    "joinedup.core.routers.ReplicaMiddleware",
]

ROOT_URLCONF = "joinedup.urls"
WSGI_APPLICATION = "joinedup.wsgi.application"
ASGI_APPLICATION = "joinedup.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "joinedup" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "joinedup.core.context_processors.partnership",
                "joinedup.referrals.shortlist.shortlist_context",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (as `DATABASE_URL= make test` gives) means unset: SQLite.
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'joinedup.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server write without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# A PostgreSQL read replica (optional): insights and the public feed read from it, everything
# else and every write use the primary (`joinedup.core.routers`, docs/operations.md).
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    # Tests read the primary through the replica's name: no second test database to set up.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["joinedup.core.routers.ReplicaRouter"]
# The paths whose reads go to the replica (GET and HEAD only).
JOINEDUP_REPLICA_PATHS = env_list("JOINEDUP_REPLICA_PATHS", "/insights/,/api/oruk/,/api/insights/")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # At least 12 characters (NCSC: length beats complexity rules), never a common password.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
# Members of an organisation land on what needs their attention; anyone else is sent on to
# search from there (`referrals.views.work.home`).
LOGIN_REDIRECT_URL = "referrals:home"
LOGOUT_REDIRECT_URL = "search:home"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "build" / "collected")))
NODE_MODULES = Path(env("NODE_MODULES", str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    BASE_DIR / "build" / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "joinedup <no-reply@localhost>")

# The site's public address (scheme, host and port, no path): every email builds its links on it
# (`joinedup.core.links.absolute_url`). `make demo` sets it from the address it serves; in
# production set it, or emails cannot link back (`joinedup check` warns when it is missing).
SITE_URL = env("SITE_URL") or env("JOINEDUP_BASE_URL") or ("http://127.0.0.1:8000" if DEBUG else "")

# Text messages go through GOV.UK Notify: an API key and an SMS template whose whole content is
# ((body)). Without a key, text messages wait in the outbox (and are marked failed in the end).
NOTIFY_API_KEY = env("NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_BASE_URL = env("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 10)

# The outbox (ADR 22): a message that fails is tried again after OUTBOX_RETRY_SECONDS, then
# twice as long each time (at most OUTBOX_RETRY_MAX_SECONDS apart), and marked failed after
# OUTBOX_MAX_ATTEMPTS tries. Sent messages are deleted after OUTBOX_KEEP_SENT_DAYS days (a
# person's support plan may be in one).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 60 * 60)
OUTBOX_KEEP_SENT_DAYS = env_int("OUTBOX_KEEP_SENT_DAYS", 7)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Background work: Django's Tasks API (django-tasks backport). Immediate by default so the demo
# and tests need no worker; production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("CACHE_LOCATION", "joinedup"),
    }
}

# The place: name and colours in the header come from configuration, not code.
JOINEDUP_PARTNERSHIP_NAME = env("JOINEDUP_PARTNERSHIP_NAME", "Ashdown Together")
JOINEDUP_PARTNERSHIP_COLOUR = env("JOINEDUP_PARTNERSHIP_COLOUR", "#1d4f76")
JOINEDUP_FRONT_DOOR_PHONE = env("JOINEDUP_FRONT_DOOR_PHONE", "0300 123 4567")
# Public base URL of the feed, used for absolute URLs in the ORUK `/` document.
JOINEDUP_BASE_URL = env("JOINEDUP_BASE_URL", "")
# How often the partnership wants each listing checked: a listing not checked (assured) for this
# many days is flagged as stale, and its organisation's admins are emailed a "still right" link
# (`joinedup remind_stale_listings`, at most once per this many days). Six months by default.
JOINEDUP_STALE_AFTER_DAYS = env_int("JOINEDUP_STALE_AFTER_DAYS", 183)
# Ranking by meaning (sentence embeddings, ADR 8). Off: search ranks on words alone.
JOINEDUP_SEMANTIC_SEARCH = env_bool("JOINEDUP_SEMANTIC_SEARCH", True)
# Load the model, dictionaries and meaning matrix when a server process starts, not on its
# first search (ADR 20). Off: a faster start, and a first search of several seconds.
JOINEDUP_WARM_UP = env_bool("JOINEDUP_WARM_UP", True)
# Whole-index rebuilds embed in bfloat16 on CPUs that do it in hardware (about twice as fast,
# vectors within a cosine of 0.9999 of float32's, ADR 8). Off: always float32.
JOINEDUP_EMBED_BFLOAT16 = env_bool("JOINEDUP_EMBED_BFLOAT16", True)
# A referral still waiting for its first answer this many days after it was sent: its receiving
# team is reminded (`joinedup send_reminders`), and it shows as overdue in their inbox.
JOINEDUP_REFERRAL_REMINDER_DAYS = [
    int(d) for d in env_list("JOINEDUP_REFERRAL_REMINDER_DAYS", "3,7") if d.isdigit()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
