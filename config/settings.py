"""Atelier settings: one module, every value from the environment.

Without any variable the site runs on embedded defaults (SQLite, local-memory cache,
Celery eager, local media, console e-mail). ``DJANGO_ENV=production`` removes the
defaults for secrets and services and turns the security settings on.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}."
    )
PRODUCTION = DJANGO_ENV == "production"


def required(name: str) -> str:
    """A value production cannot run without: no default, a clear error."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production.")
    return value


DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off when DJANGO_ENV=production.")

if PRODUCTION:
    SECRET_KEY = required("DJANGO_SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production"
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "shop.core",
    "shop.accounts",
    "shop.catalog",
    "shop.pricing",
    "mptt",
    "shop.designer",
    "shop.orders",
    "shop.cart",
    "shop.payments",
    "shop.checkout",
    "cms_pages",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Reads the content version at most once per request (shop.core.content_cache).
    "shop.core.middleware.ContentVersionMiddleware",
    # Before anything looks the path up (sessions, redirects, Wagtail's page tree).
    "shop.core.middleware.UnsafePathMiddleware",
    # A cookie-less visitor's stored page, answered before sessions and CSRF.
    "shop.core.middleware.StoredPageShortcutMiddleware",
    # High up, so that pages answered by the accounts middleware below get it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shop.accounts.middleware.BackofficeAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Stored pages for anonymous visitors (shop.core.page_cache).
    "shop.core.middleware.AnonymousPageCacheMiddleware",
    "shop.accounts.middleware.AttemptThrottleMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

if PRODUCTION:
    # Static files straight from gunicorn, compressed and cached forever by hash.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms_pages.context_processors.navigation",
                "shop.core.context_processors.shop",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
if PRODUCTION:
    required("DATABASE_URL")
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ----------------------------------------------------
REDIS_URL = required("REDIS_URL") if PRODUCTION else env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="atelier"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=14 * 24 * 3600)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the tasks run in-process, so `make run` needs no worker.
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"

# --- Users ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# ModelBackend that hashes exactly once per attempt, whatever the address's state.
AUTHENTICATION_BACKENDS = ["shop.accounts.backends.EmailPasswordBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:overview"
LOGOUT_REDIRECT_URL = "/"
# Links in account e-mails expire: password reset after 2 hours, registration and
# e-mail change confirmations after 3 days and 1 day.
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=2 * 3600)
ACCOUNTS_VERIFY_MAX_AGE = env.int("ACCOUNTS_VERIFY_MAX_AGE", default=3 * 24 * 3600)
ACCOUNTS_EMAIL_CHANGE_MAX_AGE = env.int(
    "ACCOUNTS_EMAIL_CHANGE_MAX_AGE", default=24 * 3600
)
ACCOUNTS_MAX_ADDRESSES = 20
# Attempt limits per scope: (attempts, window in seconds) per client IP and per
# e-mail address, counted in the cache (Redis in production). Login counts failures;
# registration, password reset and e-mail change count every request (the e-mail
# change's address is the new one: it bounds the mail a stranger's mailbox gets).
ACCOUNTS_THROTTLE = {
    "login": {"ip": (30, 15 * 60), "email": (5, 15 * 60)},
    "register": {"ip": (10, 60 * 60), "email": (3, 60 * 60)},
    "password_reset": {"ip": (10, 60 * 60), "email": (3, 60 * 60)},
    "email_change": {"ip": (10, 60 * 60), "email": (3, 60 * 60)},
}
# How many reverse proxies in front of gunicorn append to X-Forwarded-For. With 0 the
# client IP is REMOTE_ADDR; never trust the header without a proxy that sets it.
ACCOUNTS_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (never a CDN); `npm ci` fills node_modules.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/fabric", NODE_MODULES / "fabric" / "dist"),
    *(
        (f"vendor/fonts/{name}", NODE_MODULES / "@fontsource" / name)
        for name in ("inter", "oswald", "bebas-neue", "pacifico", "permanent-marker")
    ),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = (
    required("AWS_STORAGE_BUCKET_NAME")
    if PRODUCTION
    else env.str("AWS_STORAGE_BUCKET_NAME", default="")
)
# Whole storefront pages for anonymous visitors (shop.core.page_cache): on unless
# DJANGO_PAGE_CACHE=false; a stored page lives at most PAGE_CACHE_SECONDS.
PAGE_CACHE_ENABLED = env.bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=600)

# Carts (shop.cart): an anonymous cart lives in the session and expires this many
# seconds after its last change; a line holds at most CART_LINE_MAX pieces; a
# logged-in shopper's cart untouched for CART_USER_TTL_DAYS is removed by the
# hourly cleanup task.
CART_SESSION_TTL = env.int("DJANGO_CART_SESSION_TTL", default=7 * 24 * 3600)
CART_LINE_MAX = env.int("DJANGO_CART_LINE_MAX", default=999)
# The designer: the server renderer's TrueType copies of the fonts (made once per
# font file) and the largest image a shopper may upload, in pixels.
DESIGNER_FONT_CACHE = Path(
    env.str("DESIGNER_FONT_CACHE", default=str(BASE_DIR / ".cache" / "fonts"))
)
DESIGNER_UPLOAD_MAX_PIXELS = env.int("DESIGNER_UPLOAD_MAX_PIXELS", default=40_000_000)
CART_USER_TTL_HOURS = env.int("DJANGO_CART_USER_TTL_HOURS", default=24)

# Orders: an order not paid this many minutes after checkout expires and gives its
# stock back (the beat task checks the provider first); a shipped order counts as
# delivered this many days after shipping unless the buyer confirmed earlier.
ORDER_PAYMENT_MINUTES = env.int("ORDER_PAYMENT_MINUTES", default=120)
ORDER_AUTO_DELIVER_DAYS = env.int("ORDER_AUTO_DELIVER_DAYS", default=14)

# Payments: Mollie is the one gateway. Development and the tests use the local
# Mollie-compatible server (`python -m shop.payments.mollie_local`, started by
# `make run`); production needs MOLLIE_API_KEY and talks to api.mollie.com.
PAYMENT_GATEWAY = "mollie"
MOLLIE_API_KEY = (
    required("MOLLIE_API_KEY")
    if PRODUCTION
    else env.str("MOLLIE_API_KEY", default="test_atelierlocal")
)
MOLLIE_API_ENDPOINT = env.str(
    "MOLLIE_API_ENDPOINT",
    default="https://api.mollie.com" if PRODUCTION else "http://127.0.0.1:8765",
)

# A public-read bucket (product mockups are public anyway) should set
# AWS_QUERYSTRING_AUTH=false: plain URLs, no signature computed per image per request.
AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=3600)
media_urls_expire = bool(AWS_STORAGE_BUCKET_NAME) and AWS_QUERYSTRING_AUTH
# Cached storefront HTML holding media URLs (shop.core.templatetags.storefront) is
# kept at most half as long as a signed URL stays valid.
CONTENT_FRAGMENT_SECONDS = (
    max(60, AWS_QUERYSTRING_EXPIRE // 2) if media_urls_expire else 24 * 3600
)
if AWS_STORAGE_BUCKET_NAME:
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "querystring_auth": AWS_QUERYSTRING_AUTH,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "file_overwrite": False,
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="shop@atelier.test")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Wagtail --------------------------------------------------------------------
# The public address of the shop, for links in e-mails. Never taken from the request's
# Host header, so a forged header cannot redirect a password reset link.
SHOP_BASE_URL = (
    required("SHOP_BASE_URL")
    if PRODUCTION
    else env.str("SHOP_BASE_URL", default="http://127.0.0.1:8000")
).rstrip("/")
WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Atelier")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="") or SHOP_BASE_URL
# Avatars stay local: the admin must not send staff e-mail hashes to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor ask releases.wagtail.org for a newer version on the dashboard.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# Wagtail's page editor posts many fields for products with many inline rows.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- REST API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # The session, and the CSRF check on unsafe requests for every visitor.
    "DEFAULT_AUTHENTICATION_CLASSES": ["shop.core.api_auth.CsrfSessionAuthentication"],
    # limit/offset with a maximum page size (100); bad values are a 400.
    "DEFAULT_PAGINATION_CLASS": "shop.catalog.api.pagination.CatalogPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + ([] if PRODUCTION else ["rest_framework.renderers.BrowsableAPIRenderer"]),
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="600/minute")},
    # {"code", "message"} for every error, documented as the Error component.
    "EXCEPTION_HANDLER": "shop.core.api.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Atelier API",
    "DESCRIPTION": (
        "Read-only access to categories, products and variants; the visitor's cart "
        "(session authentication: unsafe requests need the X-CSRFToken header) and "
        "quotes."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "shop.catalog.api.schema.PublicApiSchemaGenerator",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shop.core.api.schema_components_add",
        "shop.core.api.schema_error_responses_add",
    ],
}

# --- Shop -----------------------------------------------------------------------
# The currency of every price (ISO 4217). A deployment setting, shown read-only in
# Settings > Shop; a system check refuses a value that differs from stored prices.
SHOP_CURRENCY = env.str("SHOP_CURRENCY", default="EUR").strip().upper()

# --- Services the tests must reach ------------------------------------------------
REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
    },
    "loggers": {
        # Wagtail's background tasks (search index, references) log every run at INFO.
        "django_tasks": {"level": "WARNING"},
        # Page actions at INFO belong in production logs, not in `make run`'s seed.
        "wagtail": {
            "level": env.str(
                "WAGTAIL_LOG_LEVEL", default="INFO" if PRODUCTION else "WARNING"
            )
        },
    },
}
