"""Closeknit settings: every value comes from the environment and is validated at start.

See the configuration table in README.md for what each variable does.
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from closeknit.lib.crypto import generate_key, parse_keys, sqlite_holds_ciphertext
from closeknit.lib.env import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_str,
    make_secret_key,
    secret_from_file,
)
from closeknit.push.vapid import generate_private_key, parse_private_key

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()
TESTING = "pytest" in sys.modules or env_bool("CLOSEKNIT_TESTING", default=False)

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY") or secret_from_file(
    DATA_DIR / "secret.key", make=make_secret_key
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

_keys_env = env_str("CLOSEKNIT_ENCRYPTION_KEYS")
_keys_file = DATA_DIR / "encryption.keys"
CLOSEKNIT_ENCRYPTION_KEYS_SOURCE = (
    "CLOSEKNIT_ENCRYPTION_KEYS" if _keys_env else f"the key file {_keys_file}"
)
if not _keys_env and not _keys_file.exists():
    # A fresh key beside a database written with another would make new text unreadable
    # to the old key and old text unreadable to the new one: refuse instead of mixing.
    _sqlite_url = env_str("DATABASE_URL") or ""
    _sqlite_file = (
        Path(_sqlite_url.removeprefix("sqlite:///"))
        if _sqlite_url.startswith("sqlite:///")
        else DATA_DIR / "closeknit.sqlite3"
        if not _sqlite_url
        else None
    )
    if _sqlite_file is not None and sqlite_holds_ciphertext(_sqlite_file):
        raise ImproperlyConfigured(
            f"{_keys_file} is missing, but the database {_sqlite_file} holds text encrypted "
            "with a key. Put the keys file back from your backup (or set "
            "CLOSEKNIT_ENCRYPTION_KEYS); Closeknit will not make a new key for it."
        )
CLOSEKNIT_ENCRYPTION_KEYS = (
    parse_keys(_keys_env, source="CLOSEKNIT_ENCRYPTION_KEYS")
    if _keys_env
    else parse_keys(secret_from_file(_keys_file, make=generate_key), source=str(_keys_file))
)

# Web push (RFC 8292): this server's VAPID key pair, generated like the keys above.
_vapid_env = env_str("CLOSEKNIT_VAPID_PRIVATE_KEY")
CLOSEKNIT_VAPID_PRIVATE_KEY = parse_private_key(
    _vapid_env or secret_from_file(DATA_DIR / "vapid.key", make=generate_private_key),
    source="CLOSEKNIT_VAPID_PRIVATE_KEY" if _vapid_env else str(DATA_DIR / "vapid.key"),
)

INSTALLED_APPS = [
    "closeknit.core",
    "closeknit.accounts",
    "closeknit.couples",
    "closeknit.activity",
    "closeknit.prompts",
    "closeknit.occasions",
    "closeknit.checkins",
    "closeknit.insights",
    "closeknit.conversations",
    "closeknit.dates",
    "closeknit.appreciation",
    "closeknit.support",
    "closeknit.goals",
    "closeknit.intimacy",
    "closeknit.growth",
    "closeknit.trust",
    "closeknit.safety",
    "closeknit.nudges",
    "closeknit.push",
    "closeknit.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "closeknit.core.boost.BoostedIsAPageMiddleware",  # before anything reads the headers
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "closeknit.lib.when.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "closeknit.accounts.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "closeknit.accounts.middleware.TimezoneMiddleware",
    "closeknit.accounts.opened.OpenedMiddleware",
    "closeknit.accounts.middleware.AppLockMiddleware",
    "closeknit.core.pagecache.PageVersionMiddleware",
    "closeknit.nudges.waiting.WaitingSeenMiddleware",
]

ROOT_URLCONF = "closeknit.urls"
WSGI_APPLICATION = "closeknit.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "closeknit" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "closeknit.core.context_processors.closeknit",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'closeknit.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL Closeknit understands: {exc}"
    ) from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE transactions
    # take the write lock up front instead of failing half-way with "database is locked".
    # secure_delete zeroes what a DELETE removes, so deleted words leave the file too (by
    # default that depends on how SQLite was built); accounts.services checkpoints the WAL
    # after an account deletion for the copies the log still holds.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Reusing connections also matters for SQLite: opening one per request (and running
    # the PRAGMAs) cost about half the throughput of a bare view in the benchmarks.
    _db["CONN_MAX_AGE"] = env_int("CLOSEKNIT_DB_CONN_MAX_AGE", default=60, minimum=0)
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = env_int("CLOSEKNIT_DB_CONN_MAX_AGE", default=60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured(
        f"DATABASE_URL uses {_db['ENGINE']!r}; Closeknit supports sqlite:// and postgres://."
    )
_test_name = env_str("CLOSEKNIT_TEST_DATABASE_NAME") or None
if _db["ENGINE"] == "django.db.backends.sqlite3" and not _test_name:
    # A file, not Django's default shared in-memory database: concurrency tests need real
    # SQLite locking (WAL, busy timeout) across threads, as in production.
    _test_name = str(DATA_DIR / "test-closeknit.sqlite3")
_db["TEST"] = {"NAME": _test_name}
DATABASES = {"default": _db}
# An optional streaming replica for reads marked with closeknit.lib.dbrouter (insights).
_replica_url = env_str("DATABASE_REPLICA_URL")
if _replica_url:
    try:
        _replica = dj_database_url.parse(_replica_url)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is not a database URL: {exc}") from None
    if _replica["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// URL.")
    _replica["CONN_MAX_AGE"] = _db.get("CONN_MAX_AGE", 0)
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["closeknit.lib.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CLOSEKNIT_PAGE_CACHE = env_bool("CLOSEKNIT_PAGE_CACHE", default=True)
CLOSEKNIT_PAGE_CACHE_ENTRIES = env_int(
    "CLOSEKNIT_PAGE_CACHE_ENTRIES", default=3000, minimum=10, maximum=1_000_000
)
CACHES = {
    # Shared by every web worker (rate limits must count across processes), with no
    # extra service to run; the table is created by a migration in closeknit.core.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "closeknit_cache",
    },
    # Rendered template fragments that depend only on code, content and the language
    # (never on anyone's data): kept in each process, gone on restart or deploy.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "closeknit-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Whole pages kept per person (closeknit.core.pagecache), compressed: checked
    # against the person's view_version, so each process may keep its own.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "closeknit-pages",
        "OPTIONS": {"MAX_ENTRIES": CLOSEKNIT_PAGE_CACHE_ENTRIES},
    },
    # The API's per-request throttle counts in each worker's memory: checking a shared
    # cache on every call would cost a database round trip per request.
    "throttle": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "closeknit-throttle",
        "OPTIONS": {"MAX_ENTRIES": 50000},
    },
}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the suite creates hundreds of people.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# A new account starts with the short welcome (closeknit/accounts/firstrun.py); a partner
# signing up from an invitation link goes back to that link first (allauth's `next`).
ACCOUNT_SIGNUP_REDIRECT_URL = "/welcome/"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "closeknit.accounts.forms.SignupExtrasForm"
ACCOUNT_EMAIL_VERIFICATION = env_str("CLOSEKNIT_EMAIL_VERIFICATION", "optional")
if ACCOUNT_EMAIL_VERIFICATION not in {"none", "optional", "mandatory"}:
    raise ImproperlyConfigured(
        "CLOSEKNIT_EMAIL_VERIFICATION must be one of: none, optional, mandatory."
    )
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Closeknit: "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Closeknit"
USERSESSIONS_TRACK_ACTIVITY = False  # no "last seen" timeline is kept, even for oneself

# --- Sessions and security -------------------------------------------------------------
HTTPS = env_bool("CLOSEKNIT_HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# Sessions in the database, read with their person in one query (accounts/sessions.py).
SESSION_ENGINE = "closeknit.accounts.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("CLOSEKNIT_SESSION_DAYS", default=30, minimum=1) * 86400
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# Subdomains and preloading are the operator's call (they may not control the parent
# domain); Django's deploy check warnings about them are silenced when left off.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CLOSEKNIT_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("CLOSEKNIT_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SECURE_SSL_REDIRECT = HTTPS and env_bool("CLOSEKNIT_SSL_REDIRECT", default=True)
CLOSEKNIT_BEHIND_PROXY = env_bool("CLOSEKNIT_BEHIND_PROXY", default=False)
# Calls to /api/v1/ a minute, per person (per address before logging in), per web worker.
CLOSEKNIT_API_PER_MINUTE = env_int("CLOSEKNIT_API_PER_MINUTE", default=600, minimum=10)
if CLOSEKNIT_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Email ----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Closeknit <closeknit@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    _port = env_int("EMAIL_PORT", default=587, minimum=1, maximum=65535)
    _use_tls = env_bool("EMAIL_USE_TLS", default=_port == 587)
    _use_ssl = env_bool("EMAIL_USE_SSL", default=_port == 465)
    if _use_tls and _use_ssl:
        raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": _port,
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": _use_tls,
                "use_ssl": _use_ssl,
                "timeout": 20,
            },
        }
    }
else:
    # Without SMTP, mail is written to files a self-hoster can open (var/mail/).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    }
del EMAIL_HOST

# --- Tasks ----------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A task still RUNNING after this many seconds is taken to belong to a worker that died
# (killed, or its machine gone) and is put back in the queue (closeknit.core.reclaim).
# Well above the longest task: the rollover of a large instance, an email run (10 min).
CLOSEKNIT_TASK_TIMEOUT = env_int("CLOSEKNIT_TASK_TIMEOUT", default=1800, minimum=1)

# --- Static files, i18n ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "closeknit" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Closeknit ----------------------------------------------------------------------------
CLOSEKNIT_ADMIN_PATH = env_str("CLOSEKNIT_ADMIN_PATH", "admin/").strip("/") + "/"
CLOSEKNIT_INVITATION_DAYS = env_int("CLOSEKNIT_INVITATION_DAYS", default=7, minimum=1, maximum=30)
# After this many days without opening Closeknit, a person counts as quiet: their partner
# may send them "a way back in" (closeknit.nudges.wayback).
CLOSEKNIT_QUIET_DAYS = env_int("CLOSEKNIT_QUIET_DAYS", default=7, minimum=2, maximum=90)
CLOSEKNIT_SITE_URL = env_str("CLOSEKNIT_SITE_URL").rstrip("/")
CLOSEKNIT_CONTENT_DIR = Path(env_str("CLOSEKNIT_CONTENT_DIR") or BASE_DIR / "content")
CLOSEKNIT_SAFETY_RESOURCES = env_str("CLOSEKNIT_SAFETY_RESOURCES") or None
CLOSEKNIT_QUICK_EXIT_URL = env_str("CLOSEKNIT_QUICK_EXIT_URL", "https://www.wikipedia.org/")
# Who runs this server, told to the push services with each push: mailto: or https:.
CLOSEKNIT_VAPID_SUBJECT = env_str("CLOSEKNIT_VAPID_SUBJECT")
if CLOSEKNIT_VAPID_SUBJECT and not CLOSEKNIT_VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured(
        "CLOSEKNIT_VAPID_SUBJECT must be a mailto: address or an https:// URL."
    )
# The push services' hosts (and their subdomains) the worker may post to: those of
# Chrome/Android, Firefox, Safari/iOS and Edge. A subscription elsewhere is refused, so
# nobody can make the worker call into the operator's own network.
CLOSEKNIT_PUSH_SERVICES = env_list(
    "CLOSEKNIT_PUSH_SERVICES",
    default=[
        "fcm.googleapis.com",
        "push.services.mozilla.com",
        "push.apple.com",
        "notify.windows.com",
    ],
)
# Plain-http loopback endpoints, for trying push locally (DEBUG) and the tests' stand-in.
CLOSEKNIT_PUSH_ALLOW_LOOPBACK = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CLOSEKNIT_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
CSRF_FAILURE_VIEW = "closeknit.core.views.csrf_failure"
