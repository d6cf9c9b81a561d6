"""Django settings for 落实, read from the environment through small typed helpers that fail loudly.

DATABASE_URL      SQLite file under LUOSHI_DATA_DIR by default; postgres://… in production
LUOSHI_DATA_DIR   where the SQLite database and uploaded evidence live (default ./data)
SECRET_KEY        required when DEBUG is off (SECRET_KEY_FILE also accepted)
ALLOWED_HOSTS     comma-separated
DEBUG             true/false
LUOSHI_SHARED_DIR the shared corpus (default ../shared beside the repository; optional)
"""

import os
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
    "luoshi.core",
    "luoshi.org",
    "luoshi.audit",
    "luoshi.plans",
    "luoshi.reports",
    "luoshi.supervise",
    "luoshi.drafts",
    "luoshi.demo",
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
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'luoshi.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
