"""Terpadu settings: every deployment knob comes from an environment variable (see docs/configuration.md)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TERPADU_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("TERPADU_SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


TESTING = "pytest" in sys.modules or os.environ.get("TERPADU_TESTING") == "1"
DEBUG = env_bool("TERPADU_DEBUG", False)
HTTPS = env_bool("TERPADU_HTTPS", not DEBUG and not TESTING)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("TERPADU_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("TERPADU_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "terpadu.core",
    "terpadu.directory",
    "terpadu.calendar",
    "django_q",
    "terpadu.notifications",
    "terpadu.documents",
    "terpadu.webhooks",
    "terpadu.deadlines",
    "terpadu.correspondence",
    "terpadu.attendance",
    "terpadu.planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "terpadu.core.middleware.AccessRuleMiddleware",
    "terpadu.directory.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "terpadu.urls"
WSGI_APPLICATION = "terpadu.wsgi.application"
ASGI_APPLICATION = "terpadu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "terpadu.core.context_processors.shell",
            ],
            "builtins": ["terpadu.core.templatetags.terpadu"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'terpadu.sqlite3'}"),
        conn_max_age=int(os.environ.get("TERPADU_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
#: PostgreSQL prepares the hot statements (bearer token, check-in) once per connection (terpadu.core.db); off
#: behind a pooler in transaction mode that does not keep prepared statements
TERPADU_DB_PREPARE = env_bool("TERPADU_DB_PREPARE", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.User"

REDIS_URL = os.environ.get("TERPADU_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "terpadu.directory.auth.UsernameOrNipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the test suite keeps it only where a test asks for it.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "directory:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "directory:login"

# Lockout after repeated failures (django-axes): per account, whatever identifier was typed.
AXES_FAILURE_LIMIT = int(os.environ.get("TERPADU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("TERPADU_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "terpadu.directory.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "terpadu.directory.auth.lockout_response"
AXES_ENABLED = env_bool("TERPADU_AXES_ENABLED", True)
AXES_VERBOSE = False

# Two-factor: required for these roles unless relaxed by TERPADU_2FA_REQUIRED=0.
TWO_FACTOR_REQUIRED = env_bool("TERPADU_2FA_REQUIRED", True)
TWO_FACTOR_ROLES = env_list("TERPADU_2FA_ROLES", "platform_admin,regional_head,secretary,agency_head")
OTP_TOTP_ISSUER = os.environ.get("TERPADU_OTP_ISSUER", "Terpadu")

SESSION_COOKIE_AGE = int(os.environ.get("TERPADU_SESSION_SECONDS", str(8 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "terpadu.core.views.csrf_failure"
SECURE_SSL_REDIRECT = HTTPS and env_bool("TERPADU_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TERPADU_BEHIND_PROXY", False) else None
SECURE_HSTS_SECONDS = int(os.environ.get("TERPADU_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# axes.W006: lockout is per account on purpose. Many OPDs share one public IP (one fibre link for a
# whole office complex); locking by IP would lock every OPD out at once (docs/adr/0003).
# models.W040: the inbox's covering index (INCLUDE columns) is a PostgreSQL optimisation; SQLite builds it
# without them, as intended (correspondence migration 0003).
SILENCED_SYSTEM_CHECKS = ["axes.W003", "axes.W006", "models.W040"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TERPADU_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [("vendor/htmx", NODE_MODULES / "htmx.org" / "dist")] if (NODE_MODULES / "htmx.org").exists() else []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("TERPADU_MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TERPADU_IMPORT_MAX_BYTES = int(os.environ.get("TERPADU_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

EMAIL_BACKEND = os.environ.get("TERPADU_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("TERPADU_DEFAULT_FROM_EMAIL", "terpadu@localhost")
EMAIL_HOST = os.environ.get("TERPADU_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("TERPADU_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("TERPADU_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("TERPADU_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("TERPADU_EMAIL_TLS", False)
#: absolute base URL for links in e-mails, WhatsApp messages and PDFs (QR codes)
SITE_URL = os.environ.get("TERPADU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Outbound WhatsApp/SMS gateway (an HTTP adapter; Pemda use different gateways). Empty URL: channel off.
WHATSAPP_GATEWAY = {
    "URL": os.environ.get("TERPADU_WA_URL", ""),
    "TOKEN": os.environ.get("TERPADU_WA_TOKEN", ""),
    # JSON body with {phone} and {message} placeholders
    "TEMPLATE": os.environ.get("TERPADU_WA_TEMPLATE", '{"phone": "{phone}", "message": "{message}"}'),
    "TIMEOUT": float(os.environ.get("TERPADU_WA_TIMEOUT", "10")),
}

# Background jobs and schedules (django-q2): the ORM broker needs no extra server (make worker);
# with TERPADU_REDIS_URL the broker is Redis. Several workers are safe at once. Tests run jobs inline.
Q_CLUSTER: dict[str, object] = {
    "name": "terpadu",
    "workers": int(os.environ.get("TERPADU_JOB_WORKERS", "2")),
    "timeout": int(os.environ.get("TERPADU_JOB_TIMEOUT", "600")),
    "retry": int(os.environ.get("TERPADU_JOB_TIMEOUT", "600")) + 60,
    "max_attempts": 3,
    "ack_failures": True,
    "catch_up": False,
    "label": "Antrean tugas",
    "sync": TESTING,
    **({"redis": REDIS_URL} if REDIS_URL else {"orm": "default"}),
}

# Outbound webhooks: seconds to wait for the receiver before an attempt counts as failed.
TERPADU_WEBHOOK_TIMEOUT = float(os.environ.get("TERPADU_WEBHOOK_TIMEOUT", "10"))

# Uploads: Django storage only (filesystem by default, S3-compatible with TERPADU_S3_BUCKET).
TERPADU_UPLOAD_MAX_BYTES = int(os.environ.get("TERPADU_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
if os.environ.get("TERPADU_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["TERPADU_S3_BUCKET"],
            "endpoint_url": os.environ.get("TERPADU_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("TERPADU_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("TERPADU_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("TERPADU_S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Electronic signatures of letters (PAdES, docs/adr/0011). The backend is a dotted path to a KeySource factory;
# the local one reads a key, certificate and CA chain from files, or — when no files are configured — creates a
# development CA and signing certificate once under TERPADU_SIGNING_DEV_DIR. Public verification links (QR codes)
# start with TERPADU_PUBLIC_URL.
TERPADU_SIGNING_BACKEND = os.environ.get("TERPADU_SIGNING_BACKEND", "terpadu.correspondence.signing.LocalKeySource")
TERPADU_SIGNING_KEY_FILE = os.environ.get("TERPADU_SIGNING_KEY_FILE", "")
TERPADU_SIGNING_CERT_FILE = os.environ.get("TERPADU_SIGNING_CERT_FILE", "")
TERPADU_SIGNING_CA_FILE = os.environ.get("TERPADU_SIGNING_CA_FILE", "")
TERPADU_SIGNING_KEY_PASSPHRASE = os.environ.get("TERPADU_SIGNING_KEY_PASSPHRASE", "")
TERPADU_SIGNING_DEV_DIR = Path(os.environ.get("TERPADU_SIGNING_DEV_DIR", VAR_DIR / "signing"))
TERPADU_SIGNING_DEV_NAME = os.environ.get("TERPADU_SIGNING_DEV_NAME", "Pengembangan")
TERPADU_PUBLIC_URL = os.environ.get("TERPADU_PUBLIC_URL", SITE_URL).rstrip("/")

# The demo accounts (make run) may skip two-factor; production never creates them.
TERPADU_DEMO = env_bool("TERPADU_DEMO", False)
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("TERPADU_API_TOKEN_DAYS", "365"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TERPADU_LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "weasyprint", "fontTools")},
}
