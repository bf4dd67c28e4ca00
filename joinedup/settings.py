"""joinedup settings: one file, driven by environment variables.

With nothing set you get SQLite, DEBUG and immediate background tasks, which is what the demo
and the tests need. Production differs only by environment (see .env.example).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

from joinedup.core.logs import init_sentry, logging_config

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


def env_list_of(name: str, default: str = "") -> list[str]:
    """A list of sentences, which hold commas: separated by "|"."""
    return [item.strip() for item in env(name, default).split("|") if item.strip()]


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
    # Two-factor sign-in (ADR 29): before joinedup.core, whose admin unregisters their pages.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    # First: every later line of the request's logs carries its id (ADR 31).
    "joinedup.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sign-in policy (ADR 29): which device verified this session, the idle and absolute session
    # limits, then two-factor sign-in for the roles that need it.
    "django_otp.middleware.OTPMiddleware",
    "joinedup.core.sessions.SessionLimitsMiddleware",
    "joinedup.core.two_factor_gate.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # HTTP hardening (ADR 30): Content-Security-Policy, Permissions-Policy, no-store.
    "csp.middleware.CSPMiddleware",
    "joinedup.core.headers.SecurityHeadersMiddleware",
    # Outages (503) and rate limits (429) raised by a view, answered as page or problem.
    "joinedup.core.failing.FailingWellMiddleware",
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
                "joinedup.core.context_processors.session_timeout",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer is an outage page in seconds, not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
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
# ...and lock a whole address after this many failures across all accounts within the cool-off,
# so one password tried on many accounts is caught too (ADR 29). Higher than the per-account
# limit: a GP practice or a council office signs in from one address.
AXES_HANDLER = "joinedup.core.sign_in_limits.AddressWideLockoutHandler"
JOINEDUP_ADDRESS_FAILURE_LIMIT = env_int("JOINEDUP_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_CALLABLE = "joinedup.core.views.locked_out"
# Behind reverse proxies (a load balancer, nginx), how many of them append to X-Forwarded-For:
# the client's address is read that many entries from the right. 0: REMOTE_ADDR, no proxy.
JOINEDUP_TRUSTED_PROXIES = env_int("JOINEDUP_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "joinedup.core.sign_in_limits.client_ip"

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SECURE_CONTENT_TYPE_NOSNIFF = True

# Sessions on shared computers (ADR 29): signed out after this many minutes without a request,
# and this many hours after signing in whatever happens. 0 switches a limit off.
JOINEDUP_SESSION_IDLE_MINUTES = env_int("JOINEDUP_SESSION_IDLE_MINUTES", 30)
JOINEDUP_SESSION_MAX_HOURS = env_int("JOINEDUP_SESSION_MAX_HOURS", 8)
# Signed-in pages warn this long before either limit ends, with a button to stay signed in.
JOINEDUP_SESSION_WARN_SECONDS = env_int("JOINEDUP_SESSION_WARN_SECONDS", 120)

# Two-factor sign-in (ADR 29): the roles that must use it, any of superuser, staff, manager
# (partnership managers), org_admin (organisation admins) and person_reader (every member of an
# organisation: they can read the details of people referred). Empty: nobody must (anyone may).
JOINEDUP_TWO_FACTOR_REQUIRED_FOR = env_list(
    "JOINEDUP_TWO_FACTOR_REQUIRED_FOR", "superuser,staff,manager,org_admin,person_reader"
)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "") or env("JOINEDUP_PARTNERSHIP_NAME", "Ashdown Together")
X_FRAME_OPTIONS = "DENY"

# HTTP hardening (ADR 30): production sets these from the environment (.env.example holds the
# values with which `joinedup check --deploy` is silent). HSTS is off until HTTPS works for the
# whole domain: browsers remember it for SECURE_HSTS_SECONDS, and preloading cannot be undone
# quickly.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Load balancers probe over plain HTTP: their checks are not redirected (regexes, no slash).
SECURE_REDIRECT_EXEMPT = env_list("SECURE_REDIRECT_EXEMPT", r"^healthz/?$,^readyz/?$")


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto` or `X-Forwarded-Proto,https` as Django's (META name, value) pair.

    Only behind a proxy that sets the header itself and strips it from clients: otherwise anyone
    can say their plain-HTTP request was HTTPS."""
    name, _, expected = value.partition(",")
    name = name.strip().upper().replace("-", "_")
    if not name:
        return None
    if not name.startswith("HTTP_"):
        name = f"HTTP_{name}"
    return name, expected.strip() or "https"


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env("SECURE_PROXY_SSL_HEADER"))
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Strict Content-Security-Policy (django-csp): no inline script or style anywhere, so every
# script is a static file and every style is in the stylesheet (or /partnership.css).
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[str] | bool]] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if SECURE_SSL_REDIRECT:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
# Browser features the site never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
)

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


def cache_from_url(url: str) -> dict[str, str]:
    """CACHE_URL: redis://host:port/db (or rediss://) for a cache several app servers share,
    locmem:// for this process's memory, dummy:// for none."""
    scheme = url.partition("://")[0].lower()
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "joinedup"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise RuntimeError(f"CACHE_URL must start redis://, rediss://, locmem:// or dummy://: {url}")


# CACHE_URL, when set, wins over CACHE_BACKEND/CACHE_LOCATION (kept for existing installs).
if env("CACHE_URL"):
    CACHES["default"] = cache_from_url(env("CACHE_URL"))

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
# Keep the last 128 rankings in each app server: the same search again at the same version of
# the index (the next page, the same words from the same place, a feed harvested again) reads
# its ranking instead of ranking again (ADR 20, thirteenth session). Off: every search ranks.
JOINEDUP_KEEP_RANKINGS = env_bool("JOINEDUP_KEEP_RANKINGS", True)
# The feed's lists keep their ordered ids this long at most (api/snapshots.py; also until a
# listing changes): paging a large list or a search's list reads its conditions once.
JOINEDUP_FEED_SNAPSHOT_SECONDS = env_int("JOINEDUP_FEED_SNAPSHOT_SECONDS", 30)
# Load the model, dictionaries and meaning matrix when a server process starts, not on its
# first search (ADR 20). Off: a faster start, and a first search of several seconds.
JOINEDUP_WARM_UP = env_bool("JOINEDUP_WARM_UP", True)
# Python's cyclic garbage collector in an app server (ADR 39): what is loaded at start is put
# out of its sight, and its youngest generation is collected after this many new objects
# (Python's own 700 ran it three times a search). 0 keeps Python's own thresholds.
JOINEDUP_GC_THRESHOLD = env_int("JOINEDUP_GC_THRESHOLD", 20_000)
# Whole-index rebuilds embed in bfloat16 on CPUs that do it in hardware (about twice as fast,
# vectors within a cosine of 0.9999 of float32's, ADR 8). Off: always float32.
JOINEDUP_EMBED_BFLOAT16 = env_bool("JOINEDUP_EMBED_BFLOAT16", True)
# A referral still waiting for its first answer this many days after it was sent: its receiving
# team is reminded (`joinedup send_reminders`), and it shows as overdue in their inbox.
JOINEDUP_REFERRAL_REMINDER_DAYS = [
    int(d) for d in env_list("JOINEDUP_REFERRAL_REMINDER_DAYS", "3,7") if d.isdigit()
]

# One line per record on standard error, each with its request id (ADR 31): LOG_FORMAT=json for
# a log collector, text (the default) for a person reading a terminal. LOG_REQUESTS=INFO writes
# one line per request (method, path, status, time taken).
LOGGING = logging_config(
    log_format=env("LOG_FORMAT", "text").lower(),
    level=env("LOG_LEVEL", "WARNING"),
    request_level=env("LOG_REQUESTS", "WARNING"),
)

# --- Limits and failing well (issue 16, ADR 31) ----------------------------------------------
# Rate limits, "count/period" (s, m, h, d; "10/h", "300/5m"); empty turns one off. Counted in the
# default cache: set CACHE_URL=redis://… when there is more than one app server.
RATELIMIT_ASK_FOR_HELP_ADDRESS = env("RATELIMIT_ASK_FOR_HELP_ADDRESS", "10/h")
RATELIMIT_ASK_FOR_HELP_SERVICE = env("RATELIMIT_ASK_FOR_HELP_SERVICE", "30/h")
RATELIMIT_JOIN = env("RATELIMIT_JOIN", "10/h")
RATELIMIT_SEARCH = env("RATELIMIT_SEARCH", "120/m")
RATELIMIT_TOKEN_API = env("RATELIMIT_TOKEN_API", "1200/m")
# Behind a proxy, the META key of the header it sets with the caller's address (for example
# HTTP_X_FORWARDED_FOR: the last address in it is used). Unset: the connection's address.
RATELIMIT_ADDRESS_HEADER = env("RATELIMIT_ADDRESS_HEADER", "")
RATELIMIT_IP_META_KEY = "joinedup.core.limits.client_address"
# A cache that cannot count lets the request through (and is logged), rather than refusing all.
RATELIMIT_FAIL_OPEN = True
# Told to a caller (Retry-After) while the database cannot be reached.
OUTAGE_RETRY_AFTER_SECONDS = env_int("OUTAGE_RETRY_AFTER_SECONDS", 5)
# /readyz answers 503 above these: tasks waiting to run, messages that failed for good.
READYZ_MAX_TASK_BACKLOG = env_int("READYZ_MAX_TASK_BACKLOG", 1000)
READYZ_MAX_FAILED_DELIVERIES = env_int("READYZ_MAX_FAILED_DELIVERIES", 100)
# JSON from outside (API bodies, uploads): larger or deeper than this is a 400, not a crash.
JSON_MAX_BYTES = env_int("JSON_MAX_BYTES", 1024 * 1024)
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32)
# A request body (other than file uploads) larger than this is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2 * 1024 * 1024)
CSRF_FAILURE_VIEW = "joinedup.core.failing.csrf_failure"
# Error reports to Sentry (or GlitchTip) when SENTRY_DSN is set; no personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", ""),
        release=env("SENTRY_RELEASE", ""),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )

# The pages a UK public service must publish (ADR 33): privacy notice, accessibility statement
# and cookies, linked from every page's footer. The controller is whoever decides why and how
# residents' details are used (often the council or the NHS body hosting the partnership).
JOINEDUP_PRIVACY_CONTROLLER = env("JOINEDUP_PRIVACY_CONTROLLER", JOINEDUP_PARTNERSHIP_NAME)
JOINEDUP_PRIVACY_CONTROLLER_ADDRESS = env("JOINEDUP_PRIVACY_CONTROLLER_ADDRESS", "")
JOINEDUP_PRIVACY_ICO_REGISTRATION = env("JOINEDUP_PRIVACY_ICO_REGISTRATION", "")
JOINEDUP_PRIVACY_DPO_NAME = env("JOINEDUP_PRIVACY_DPO_NAME", "Data protection officer")
JOINEDUP_PRIVACY_DPO_EMAIL = env("JOINEDUP_PRIVACY_DPO_EMAIL", "")
JOINEDUP_PRIVACY_DPO_ADDRESS = env("JOINEDUP_PRIVACY_DPO_ADDRESS", "")
# Lists are separated by "|" (the items hold commas).
JOINEDUP_PRIVACY_PURPOSES = env_list_of(
    "JOINEDUP_PRIVACY_PURPOSES",
    "to find services that can help you, and to show them to you and to the people helping you"
    "|to send your details to a service you choose, with your permission, so that it can "
    "contact you and help|to follow each referral to an answer, so that nobody is left "
    "waiting|to keep services safe and accountable: who saw or changed what, and when"
    "|to count, without names, how many people asked for which kind of help and what happened, "
    "so that the partnership can plan services",
)
JOINEDUP_PRIVACY_LAWFUL_BASIS = env(
    "JOINEDUP_PRIVACY_LAWFUL_BASIS",
    "UK GDPR Article 6(1)(e): the processing is necessary to perform a task in the public "
    "interest or in the exercise of official authority vested in the controller (public task).",
)
JOINEDUP_PRIVACY_SPECIAL_CATEGORY_BASIS = env(
    "JOINEDUP_PRIVACY_SPECIAL_CATEGORY_BASIS",
    "Where your details include health or other special category data: UK GDPR Article 9(2)(h), "
    "the provision of health or social care (Data Protection Act 2018, Schedule 1, Part 1, "
    "paragraph 2), and Article 9(2)(g), reasons of substantial public interest (Data Protection "
    "Act 2018, Schedule 1, Part 2, such as safeguarding of children and of individuals at risk, "
    "paragraph 18).",
)
# Who else handles the details for the controller (hosting, email), named by the operator.
JOINEDUP_PRIVACY_PROCESSORS = env_list_of("JOINEDUP_PRIVACY_PROCESSORS", "")
# Accessibility statement (the GOV.UK model): "full", "partial" or "not" compliant with WCAG 2.2
# AA; the known issues ("|"-separated); when the statement was prepared and last reviewed.
JOINEDUP_ACCESSIBILITY_COMPLIANCE = env("JOINEDUP_ACCESSIBILITY_COMPLIANCE", "partial")
JOINEDUP_ACCESSIBILITY_KNOWN_ISSUES = env_list_of(
    "JOINEDUP_ACCESSIBILITY_KNOWN_ISSUES",
    "PDF documents (health-check reports and a person's support plan) are not tagged, so a "
    "screen reader may read them out of order: the same content is on the web pages, as text "
    "and tables"
    "|The partnership network map is a picture: what it shows is also in the tables below it, "
    "but the picture itself cannot be explored with a keyboard or a screen reader",
)
JOINEDUP_ACCESSIBILITY_CONTACT_EMAIL = env(
    "JOINEDUP_ACCESSIBILITY_CONTACT_EMAIL", JOINEDUP_PRIVACY_DPO_EMAIL
)
JOINEDUP_ACCESSIBILITY_PREPARED_ON = env("JOINEDUP_ACCESSIBILITY_PREPARED_ON", "2026-12-06")
JOINEDUP_ACCESSIBILITY_REVIEWED_ON = env(
    "JOINEDUP_ACCESSIBILITY_REVIEWED_ON", JOINEDUP_ACCESSIBILITY_PREPARED_ON
)
JOINEDUP_ACCESSIBILITY_TESTED = env(
    "JOINEDUP_ACCESSIBILITY_TESTED",
    "Every page of the main journeys is tested automatically with axe-core at a phone's width "
    "and without JavaScript, and walked by keyboard, each time the software changes.",
)
# Scheduled jobs (ADR 32): `joinedup worker` runs each management command named here at the
# times its cron expression gives (minute hour day-of-month month day-of-week, in TIME_ZONE),
# each slot once across every worker. JOINEDUP_SCHEDULE, a JSON object in the environment,
# changes or adds jobs (`{"send_digests": "30 6 * * *", "backup": "0 2 * * *"}`); an empty
# expression switches a job off.
JOINEDUP_SCHEDULE: dict[str, str] = {
    "send_outbox": "* * * * *",
    "send_digests": "0 7 * * *",
    "send_reminders": "0 8 * * *",
    "remind_stale_listings": "0 9 * * *",
    "expire_referrals": "15 1 * * *",
    "apply_retention": "30 1 * * *",
    # Insights' default boards, computed again before INSIGHTS_CACHE_SECONDS (300) runs out, so
    # no request waits for a region's figures (ADR 37; needs a shared cache: CACHE_URL). Every 2
    # minutes: a region's refresh takes 30 s quiet and up to 100 s on a loaded server, and the
    # new figures must be in place before the last ones are 5 minutes old.
    "refresh_insights": "*/2 * * * *",
}
JOINEDUP_SCHEDULE.update(json.loads(env("JOINEDUP_SCHEDULE") or "{}"))
# A job with no successful run for a slot that began longer ago than this is overdue
# (`core.schedule.overdue_jobs`).
JOINEDUP_SCHEDULE_GRACE_SECONDS = env_int("JOINEDUP_SCHEDULE_GRACE_SECONDS", 600)
# Runs of scheduled jobs are listed in the admin for this many days, then deleted.
JOINEDUP_JOB_RUNS_KEEP_DAYS = env_int("JOINEDUP_JOB_RUNS_KEEP_DAYS", 30)

# Backups (`joinedup backup`, ADR 32): where they are written and how many are kept (older ones
# are deleted after each new backup).
JOINEDUP_BACKUP_DIR = Path(env("JOINEDUP_BACKUP_DIR", str(BASE_DIR / "backups")))
JOINEDUP_BACKUP_KEEP = env_int("JOINEDUP_BACKUP_KEEP", 14)

# Insights (issue 15): the board's figures may be this many seconds stale (0: never cached).
INSIGHTS_CACHE_SECONDS = env_int("INSIGHTS_CACHE_SECONDS", 300)
# How many member organisations' own views of each partnership's board `refresh_insights` keeps
# warm, those asked for most recently in the last day (ADR 37): each is seconds on a region.
INSIGHTS_REFRESH_MEMBER_VIEWS = env_int("INSIGHTS_REFRESH_MEMBER_VIEWS", 5)
