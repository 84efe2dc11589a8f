"""Settings for the benchmark's server: the project's own, production-like.

DEBUG off (so templates are cached), persistent database connections, Redis as the
cache and the session store, media on the local disk, no HTTPS redirect (the load
generator speaks plain HTTP to 127.0.0.1). Everything else comes from config.settings
and the environment ``bench/run.py`` sets.
"""

from config.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
# The load generator is one client asking thousands of times a minute: the API's
# per-client throttle would answer 429, which is not what is measured here.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
