"""Django settings. Every value that differs between machines comes from the environment
(see cchc.config and .env.example); nothing here needs editing to deploy."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from cchc.config import ConfigError, data_dir, env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "cchc.core",
    "cchc.audit",
    "cchc.accounts",
    "cchc.orgs",
    "cchc.jobs",
    "cchc.plans",
    "cchc.web",
    "cchc.api",
    "cchc.tracking",
    "cchc.reports",
    "cchc.portal",
    "cchc.feedback",
    "cchc.search",
    # Ninja's own static files, so its docs page loads Swagger UI locally, not from a CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must come last: it turns repeated failed sign-ins into a lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is SQLite in the data directory; production sets DATABASE_URL
# (postgres://user:pass@host:5432/name).
_default_db = f"sqlite:///{DATA_DIR / 'cchc.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or _default_db, conn_max_age=60)}
except ValueError as exc:  # dj-database-url raises ValueError on unknown schemes
    raise ConfigError(f"DATABASE_URL is not usable: {exc}") from None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web process read while the in-process job runner writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout: after AXES_FAILURE_LIMIT failed sign-ins for one username from one address,
# the pair is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("CCHC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("CCHC_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("CCHC_STATIC_ROOT") or DATA_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("CCHC_MEDIA_ROOT") or DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "CCHC_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache ----------------------------------------------------------------------
# One cache shared by every web process: the cached home page and search results (dropped
# everywhere at once when something is published), feedback rate limits and used questions.
# The embedded default keeps it in files under the data folder; production may set
# CCHC_CACHE_BACKEND / CCHC_CACHE_LOCATION, e.g. django.core.cache.backends.redis.RedisCache
# with redis://127.0.0.1:6379/1 (needs the redis package), see .env.example.
FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"
CACHES = {
    "default": {
        "BACKEND": env_str("CCHC_CACHE_BACKEND") or FILE_CACHE,
        "LOCATION": env_str("CCHC_CACHE_LOCATION") or str(DATA_DIR / "cache"),
    }
}
if CACHES["default"]["BACKEND"] == FILE_CACHE:
    # Past this many files a write drops a third of them, chosen at random.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": env_int("CCHC_CACHE_MAX_ENTRIES", 1000)}

# --- Security -----------------------------------------------------------------
HTTPS = env_bool("CCHC_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("CCHC_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("CCHC_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("CCHC_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- E-mail ---------------------------------------------------------------------
# The embedded default writes each message to a file under the data folder, so reminders and
# notifications can be read without a mail server; production sets an SMTP backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env_str("CCHC_EMAIL_FILE_PATH") or DATA_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cchc@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CCHC_LOG_LEVEL", "WARNING")},
}
