"""Django settings for 落实, read from the environment through small typed helpers that fail loudly.

DATABASE_URL      SQLite file under LUOSHI_DATA_DIR by default; postgres://… in production
LUOSHI_DATA_DIR   where the SQLite database and uploaded evidence live (default ./data)
SECRET_KEY        required when DEBUG is off (SECRET_KEY_FILE also accepted)
ALLOWED_HOSTS     comma-separated
DEBUG             true/false
DB_CONN_MAX_AGE   seconds a database connection is kept (default 60 on PostgreSQL, 0 on SQLite)
DB_TRANSACTION_POOLING  true behind pgbouncer in transaction pooling (no server-side cursors)
LUOSHI_SHARED_DIR the shared corpus (default ../shared beside the repository; optional)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envsecret(name: str, default: str | None) -> str | None:
    """Read a secret from NAME, or from the file NAME_FILE points at."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", False)
DATA_DIR = Path(os.environ.get("LUOSHI_DATA_DIR") or Path.cwd() / "data").resolve()
# Nothing this process writes is readable by other users of the host: the database, evidence, keys (umask
# 077 from the start), and the data directory itself is 0700 (tightened when it already exists).
os.umask(0o077)
if DATA_DIR.is_dir() and DATA_DIR.stat().st_uid == os.getuid() and DATA_DIR.stat().st_mode & 0o077:
    DATA_DIR.chmod(0o700)
# ../shared beside the repository: the labelled corpus the tests read and the demo's founding document.
SHARED_DIR = Path(os.environ.get("LUOSHI_SHARED_DIR") or BASE_DIR.parent.parent / "shared").resolve()

SECRET_KEY = envsecret("SECRET_KEY", "insecure-development-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    # Tests and the demo run with DEBUG off, so they set SECRET_KEY themselves (see conftest and demo).
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "luoshi.core",
    "luoshi.org",
    "luoshi.workdays",
    "luoshi.notify",
    "luoshi.audit",
    "luoshi.plans",
    "luoshi.reports",
    "luoshi.supervise",
    "luoshi.drafts",
    "luoshi.items",
    "luoshi.assess",
    "luoshi.documents",
    "luoshi.search",
    "luoshi.demo",
    "luoshi.api",
    "ninja",  # serves the interactive API docs from its own static files, never a CDN
    "luoshi.registers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Parses an upload through the capped handler and refuses one too big, in Chinese (core/uploads.py).
    "luoshi.core.uploads.UploadLimitMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "luoshi.org.sessions.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "luoshi.org.twofactor.SecondFactorMiddleware",
    "luoshi.org.middleware.PasswordPolicyMiddleware",
    "luoshi.core.security.NoStoreMiddleware",
    "luoshi.core.security.BadNumberMiddleware",
    # Last, so it sees the lockout raised by the authentication backend (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"

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
                "luoshi.notify.context.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'luoshi.sqlite3'}",
        # Connections are kept between requests (checked before reuse) on PostgreSQL, where opening one per
        # request costs more than the page; a SQLite connection is a file open.
        conn_health_checks=True,
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = envint(
    "DB_CONN_MAX_AGE", 60 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 0
)
if DATABASES["default"]["CONN_MAX_AGE"] < 0:
    raise ImproperlyConfigured("DB_CONN_MAX_AGE must be 0 or more seconds")
# Behind pgbouncer in transaction pooling, a cursor cannot outlive its transaction's server connection.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool("DB_TRANSACTION_POOLING", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("LUOSHI_TEST_SQLITE") or None}

AUTH_USER_MODEL = "org.User"
# django-axes checks every login (pages and admin) before the password does: a locked account or address is
# refused even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "luoshi.core.errors.csrf_failure"  # a refused form says why, in Chinese
# Password rules with Chinese messages (org/passwords.py); Argon2 hashing (argon2-cffi).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "luoshi.org.passwords.StrengthValidator", "OPTIONS": {"min_length": 8, "min_classes": 3}},
    {"NAME": "luoshi.org.passwords.CommonValidator"},
    {"NAME": "luoshi.org.passwords.UsernameValidator"},
    {"NAME": "luoshi.org.passwords.HistoryValidator", "OPTIONS": {"keep": 5}},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Days a password lasts before its owner must change it (0: never expires).
PASSWORD_MAX_AGE_DAYS = envint("LUOSHI_PASSWORD_MAX_AGE_DAYS", 90)

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if envbool("LUOSHI_COLLECTED_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

# Evidence uploads: size cap and accepted types (checked in reports.forms before anything is stored).
EVIDENCE_MAX_BYTES = envint("LUOSHI_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
INTAKE_MAX_BYTES = envint("LUOSHI_INTAKE_MAX_BYTES", 20 * 1024 * 1024)
# How lights and overdue days count days: "calendar" (every day) or "workdays" (Chinese working days: the
# chinese-calendar package plus the 系统管理员's 节假日与调休 entries, luoshi/workdays).
LIGHT_CALENDAR = os.environ.get("LUOSHI_LIGHT_CALENDAR") or "calendar"
if LIGHT_CALENDAR not in ("calendar", "workdays"):
    raise ImproperlyConfigured(f"LUOSHI_LIGHT_CALENDAR must be calendar or workdays, not {LIGHT_CALENDAR!r}")
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Each parse runs in its own process (luoshi.drafts.parsing) with these limits: seconds of wall time,
# megabytes of address space, and characters of text extracted from the document.
INTAKE_PARSE_SECONDS = envint("LUOSHI_INTAKE_PARSE_SECONDS", 20)
INTAKE_PARSE_MEMORY_MB = envint("LUOSHI_INTAKE_PARSE_MEMORY_MB", 512)
INTAKE_MAX_CHARS = envint("LUOSHI_INTAKE_MAX_CHARS", 2_000_000)
# False runs the parse in the request's own process (still in a limited child) — for tests only, whose
# database a detached process could not see.
INTAKE_PARSE_DETACHED = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploads are spooled here (created at start-up), where `luoshi check_files` finds what a killed
# process left behind; Django deletes them at the end of every request otherwise.
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "upload-tmp")
# Upload hardening (luoshi/core/uploads.py, luoshi/lib/packages.py): files in one request may total at most
# LUOSHI_UPLOAD_MAX_REQUEST_MB, counted while they stream in (a longer body is refused before it is read);
# a zip-based evidence file (.docx/.xlsx/.ofd) may unpack to at most LUOSHI_EVIDENCE_MAX_UNPACKED_MB, at a
# ratio of at most LUOSHI_EVIDENCE_MAX_ZIP_RATIO to its compressed size.
UPLOAD_MAX_REQUEST_BYTES = envint("LUOSHI_UPLOAD_MAX_REQUEST_MB", 50) * 1024 * 1024
EVIDENCE_MAX_UNPACKED_BYTES = envint("LUOSHI_EVIDENCE_MAX_UNPACKED_MB", 200) * 1024 * 1024
EVIDENCE_MAX_ZIP_RATIO = envint("LUOSHI_EVIDENCE_MAX_ZIP_RATIO", 100)
FILE_UPLOAD_HANDLERS = [
    "luoshi.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Login lockout (django-axes): LUOSHI_LOCKOUT_FAILURES failures for one account, or from one address, lock
# it for LUOSHI_LOCKOUT_MINUTES; tries while locked do not extend the lock; the 安全管理员 unlocks accounts.
AXES_FAILURE_LIMIT = envint("LUOSHI_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LUOSHI_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Cleared when the whole login succeeds — password and, where asked, the second factor (org/twofactor.py).
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "luoshi.org.lockout.locked_out_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
# LUOSHI_HTTPS=true behind HTTPS (directly or through a proxy that sets X-Forwarded-Proto: https and strips
# it from clients): redirect plain HTTP, Strict-Transport-Security for a year, cookies sent only over HTTPS.
HTTPS = envbool("LUOSHI_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts, styles, images and requests from this site only, and no
# inline script or style (pages keep theirs in static files; data for scripts travels in json_script blocks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Sessions (org/sessions.py): ended after LUOSHI_SESSION_IDLE_MINUTES without a request, and
# LUOSHI_SESSION_MAX_HOURS after the login whatever happens; LUOSHI_SINGLE_SESSION=true lets a new login end
# the account's other sessions.
SESSION_IDLE_SECONDS = envint("LUOSHI_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = envint("LUOSHI_SESSION_MAX_HOURS", 12) * 3600
SESSION_SINGLE_PER_ACCOUNT = envbool("LUOSHI_SINGLE_SESSION", False)
X_FRAME_OPTIONS = "DENY"
# Second factor (org/twofactor.py, django-otp): LUOSHI_2FA=required makes the roles in LUOSHI_2FA_ROLES
# (comma-separated; default the three administrators) set up a TOTP authenticator and give its code at every
# login; others may set one up. optional: nobody must. off: no code is asked.
TWO_FACTOR = os.environ.get("LUOSHI_2FA") or "required"
if TWO_FACTOR not in ("required", "optional", "off"):
    raise ImproperlyConfigured(f"LUOSHI_2FA must be required, optional or off, not {TWO_FACTOR!r}")
TWO_FACTOR_ROLES = [
    r.strip()
    for r in (os.environ.get("LUOSHI_2FA_ROLES") or "sysadmin,secadmin,auditor").split(",")
    if r.strip()
]
OTP_TOTP_ISSUER = "落实"

# Notifications and the 催办 ladder (luoshi/notify, luoshi/supervise/ladder.py; README 配置).
# E-mail goes out only when EMAIL_HOST is set (Django's SMTP backend); SITE_URL makes links in e-mail and
# group-robot messages absolute.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "luoshi@localhost")
SITE_URL = os.environ.get("LUOSHI_SITE_URL", "")
NOTIFY_MAX_ATTEMPTS = envint("LUOSHI_NOTIFY_MAX_ATTEMPTS", 6)
NOTIFY_HTTP_TIMEOUT = envint("LUOSHI_NOTIFY_HTTP_TIMEOUT", 10)
CHASE_REMIND_DAYS = envint("LUOSHI_CHASE_REMIND_DAYS", 3)
CHASE_WARNING_DAYS = envint("LUOSHI_CHASE_WARNING_DAYS", 5)
CHASE_ESCALATE_DAYS = envint("LUOSHI_CHASE_ESCALATE_DAYS", 5)
CHASE_SILENCE_DAYS = envint("LUOSHI_CHASE_SILENCE_DAYS", 20)
REPORT_DUE_DAYS = envint("LUOSHI_REPORT_DUE_DAYS", 5)
# Working days a unit has to reply to a 催办通知单 (`luoshi.supervise.letter`).
CHASE_REPLY_DAYS = envint("LUOSHI_CHASE_REPLY_DAYS", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Personal data in the registers (phone, ID number) is encrypted at rest with a key derived from this secret
# (luoshi/registers/personal.py); without it, from SECRET_KEY. Set it in production so SECRET_KEY can rotate.
PERSONAL_DATA_KEY = envsecret("LUOSHI_PERSONAL_DATA_KEY", None)
