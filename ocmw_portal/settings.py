"""Settings for the OCMW–VDAB portal, all read from the environment.

DATABASE_URL, DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, PORTAL_MIN_DENOMINATOR,
PORTAL_PROXY_COUNT and DEMO_PASSWORD are the configuration contract (see README);
PORTAL_API_RATE_PER_MINUTE limits each API token's requests; the EMAIL_*
settings and PORTAL_BASE_URL configure the e-mail notifications.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    "ocmw_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    # django-ninja: its templates and static files serve the API's docs page from the portal.
    "ninja",
    "ocmw_portal.apps.AxesConfig",
    "ocmw_portal",
    "activation",
    "consultations",
    "dashboards",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ocmw_portal.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ocmw_portal.audit.request_context",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocmw_portal.urls"
WSGI_APPLICATION = "ocmw_portal.wsgi.application"

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
                "ocmw_portal.context_processors.portal",
            ],
            # {{ n|counted:"rij,rijen" }} on every page: the one plural rule of ocmw_portal.dutch.
            "builtins": ["ocmw_portal.templatetags.dutch_counts"],
        },
    },
]

# Connections are kept between requests and checked before a request reuses one, so that after
# a database outage the next request reconnects instead of failing on a dead connection; while
# the database is down, pages answer with the 503 page (ocmw_portal.views.server_error).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer at all: give up within 2 s (libpq's minimum).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", 2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Nothing of the figures is cached: pages read the stored figures (activation.figures), so a
    # worker keeps no state that another worker or server would lack.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ocmw_portal.backends.PortalBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env_int("PORTAL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy REMOTE_ADDR is the proxy's: the lockout and the audit trail take the
# client's address from X-Forwarded-For, trusting only the PORTAL_PROXY_COUNT proxies in front.
PORTAL_PROXY_COUNT = env_int("PORTAL_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "ocmw_portal.network.client_ip"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands")]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
# Dutch for what Django's and django-axes's own catalogues lack (locale/nl/LC_MESSAGES).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def file_storage():
    """Where meeting attachments are kept: PORTAL_FILE_STORAGE=filesystem (default, under
    PORTAL_MEDIA_ROOT) or s3, an S3-compatible object store that several application servers
    share (django-storages), configured by the PORTAL_S3_* variables (see README)."""
    kind = os.environ.get("PORTAL_FILE_STORAGE") or "filesystem"
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"PORTAL_FILE_STORAGE must be filesystem or s3, not {kind!r}")
    bucket = os.environ.get("PORTAL_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("PORTAL_FILE_STORAGE=s3 needs PORTAL_S3_BUCKET.")
    options = {
        "bucket_name": bucket,
        "location": os.environ.get("PORTAL_S3_PREFIX", "bijlagen"),
        "region_name": os.environ.get("PORTAL_S3_REGION") or None,
        # Empty for Amazon S3 itself; the address of any other S3-compatible store.
        "endpoint_url": os.environ.get("PORTAL_S3_ENDPOINT_URL") or None,
        # Empty: boto3 finds the credentials itself (AWS_* variables, instance role).
        "access_key": os.environ.get("PORTAL_S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("PORTAL_S3_SECRET_ACCESS_KEY") or None,
        # Objects stay private: the portal serves them through its access check, never by URL.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60 if not DEBUG else 0
# Uploaded attachments live outside the static root and are served through a view that
# checks who may see them.
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT", BASE_DIR / "uploads"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

PORTAL_MIN_DENOMINATOR = env_int("PORTAL_MIN_DENOMINATOR", 10)
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD") or "demo-portaal-2025"
# Requests per API token per minute (/api/v1/); past it, 429 with Retry-After.
PORTAL_API_RATE_PER_MINUTE = env_int("PORTAL_API_RATE_PER_MINUTE", 120)
# Where the accessibility statement (/toegankelijkheid/) asks users to report a problem.
PORTAL_ACCESSIBILITY_CONTACT = (
    os.environ.get("PORTAL_ACCESSIBILITY_CONTACT") or "toegankelijkheid@vdab.be"
)

# Aanmelden bij de Vlaamse overheid (ACM/IDM, OpenID Connect): on when the issuer and the client
# are set (ocmw_portal.accounts). PORTAL_LOCAL_LOGIN=false leaves the local form to superusers.
PORTAL_OIDC_ISSUER = os.environ.get("PORTAL_OIDC_ISSUER", "")
PORTAL_OIDC_CLIENT_ID = os.environ.get("PORTAL_OIDC_CLIENT_ID", "")
PORTAL_OIDC_CLIENT_SECRET = os.environ.get("PORTAL_OIDC_CLIENT_SECRET", "")
PORTAL_OIDC_ROLE_CLAIM = os.environ.get("PORTAL_OIDC_ROLE_CLAIM") or "iv_ocmwportaal_rol"
PORTAL_OIDC_SCOPES = os.environ.get("PORTAL_OIDC_SCOPES") or "openid profile vo iv_ocmwportaal"
PORTAL_LOCAL_LOGIN = env_bool("PORTAL_LOCAL_LOGIN", True)
# Whom a user without access is told to ask.
PORTAL_ACCESS_CONTACT = os.environ.get("PORTAL_ACCESS_CONTACT") or "portaal.ocmw@vdab.be"

# E-mail (manage.py send_notifications): an SMTP server from the environment. Without
# EMAIL_HOST, mails are printed to the console, as `make run` shows them.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL") or "OCMW–VDAB samenwerkingsportaal <portaal@vdab.be>"
)
# The portal's address as its users reach it, for the links in e-mails.
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "WARNING"}},
}
