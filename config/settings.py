"""Settings for the Men API: one module, driven by environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import csp.constants
import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-development-only-key-do-not-deploy")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"],
)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Routes answer with and without their trailing slash (api.middleware), never with a redirect.
APPEND_SLASH = False

# Absolute links in answers start with this (e.g. https://api.example.com); empty: the request's scheme and host.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="")

# The benchmark's ceiling view (api.ceiling) at /bench/ceiling: for `make bench` only, never in production.
BENCH_CEILING = env.bool("BENCH_CEILING", default=False)

# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside a writer; IMMEDIATE transactions plus a busy timeout make
    # concurrent writers wait for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: an in-memory database cannot be shared by the threads of concurrency tests.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
else:
    # Persistent connections, checked before reuse, so a restarted database is picked up again.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
    # A query that runs longer is cancelled (the client gets a 503), so no worker hangs on the database.
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT', default=30000)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
# Seconds a rendered answer stays in the read cache (api.read_cache); writes make it stale at once.
RECORD_CACHE_SECONDS = env.int("RECORD_CACHE_SECONDS", default=300)
# Larger rendered answers are served but never cached.
READ_CACHE_MAX_BYTES = env.int("READ_CACHE_MAX_BYTES", default=256 * 1024)
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                # The cache holds nothing that cannot be rebuilt: when Redis is down, keep serving.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # A file cache is shared by every worker process on this machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
        }
    }
# Throttle counters (api.counters) never share eviction with the cache: in their own Redis when one is given
# (`noeviction`), else in the cache's Redis, else in this SQLite file of their own.
COUNTERS_REDIS_URL = env("COUNTERS_REDIS_URL", default=REDIS_URL)
THROTTLE_COUNTERS_FILE = Path(env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache"))) / "throttle.sqlite3"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "djoser",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
]
LOCAL_APPS = [
    "api",
    "accounts",
    "menapp",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "accounts.hashers.OWASPArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/api/v1/"
LOGOUT_REDIRECT_URL = "/api/v1/"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    # Security headers first, so every answer carries them, the guard's and the error map's included.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header (django-csp), on every answer.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Oversized bodies, bad query strings and every error under /api/ and /auth/ as API errors.
    "api.middleware.ApiErrorMiddleware",
    "api.middleware.PublicBaseUrlMiddleware",
    # ETags on GET responses (a record's version, or a hash of the body) and 304 for If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "api.middleware.OptionalTrailingSlashMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.SingleQueryValueMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: cached reads for readers known without DRF, answered before the view runs.
    "api.fast_reads.FastReadMiddleware",
]

# STATIC FILES AND TEMPLATES
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Overrides of third-party templates (the browsable API's log-out without an inline script).
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

# SECURITY
# ------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp) for the HTML pages: the browsable API, Swagger UI, Redoc and the
# admin load only the service's own files, and run no inline script. Inline styles stay allowed: the
# browsable API's templates use style attributes and Redoc adds its styles at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF, csp.constants.UNSAFE_INLINE],
        "img-src": [csp.constants.SELF, "data:"],
        "font-src": [csp.constants.SELF, "data:"],
        "worker-src": [csp.constants.SELF, "blob:"],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    },
}
if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Proxies (addresses or networks) whose X-Forwarded-For is believed (api.throttling.client_address); a
# direct client's is ignored, so it cannot dodge a throttle with a made-up one.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/(api|auth)/.*$"
# Bounded cost (menapp.limits): a record's text in characters, and a page of records in rendered bytes
# (a larger page is cut short, its `next` link going on from its last record).
MAX_RECORD_CONTENT = env.int("MAX_RECORD_CONTENT", default=50_000)
MAX_PAGE_BYTES = env.int("MAX_PAGE_BYTES", default=1024 * 1024)
# `manage.py prune_history` deletes history rows older than this, except each record's newest.
HISTORY_RETENTION_DAYS = env.int("HISTORY_RETENTION_DAYS", default=365)
# Largest request body, in bytes; bigger ones get 413 (api.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("MAX_REQUEST_BODY", default=1024 * 1024)

# EMAIL (password reset)
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Men API <noreply@localhost>")

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
BROWSABLE_API = env.bool("BROWSABLE_API", default=DEBUG)
REST_FRAMEWORK = {
    # §7: the browsable API is for development; a release serves JSON only.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if BROWSABLE_API else []),
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.JWTAuthentication",
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "accounts.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "menapp.pagination.PageSizePagination",
    "PAGE_SIZE": env.int("PAGE_SIZE", default=10),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "config.schema.AutoSchema",
    # Atomic counters shared by all workers (api.throttling), not DRF's racy cached lists.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="300/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        # Every way to log in, registration and password reset share this strict scope.
        "login": env("THROTTLE_LOGIN", default="10/min"),
        # Record creation (POST men/, menlist/), per user.
        "create": env("THROTTLE_CREATE", default="60/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# JWT (djangorestframework-simplejwt), §14
# https://django-rest-framework-simplejwt.readthedocs.io/en/latest/settings.html
# ------------------------------------------------------------------------------
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_TOKEN_LIFETIME_MINUTES", default=5)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_TOKEN_LIFETIME_DAYS", default=1)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "SIGNING_KEY": SECRET_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
    # A password change revokes every token issued before it; so does deactivating the user.
    "CHECK_REVOKE_TOKEN": True,
    "CHECK_USER_IS_ACTIVE": True,
    # …and so does refresh, which SimpleJWT does not check by itself (accounts.serializers).
    "TOKEN_REFRESH_SERIALIZER": "accounts.serializers.TokenRefreshSerializer",
}

# DJOSER, §12
# https://djoser.readthedocs.io/en/latest/settings.html
# ------------------------------------------------------------------------------
DJOSER = {
    "HIDE_USERS": True,
    "PASSWORD_RESET_SHOW_EMAIL_NOT_FOUND": False,
    "PASSWORD_RESET_CONFIRM_URL": "password/reset/confirm/{uid}/{token}",
    # The links in djoser's other mails: without them, asking for a username reset was a 500.
    "USERNAME_RESET_CONFIRM_URL": "username/reset/confirm/{uid}/{token}",
    "ACTIVATION_URL": "activate/{uid}/{token}",
    "SERIALIZERS": {
        "activation": "accounts.serializers.ActivationSerializer",
        "password_reset_confirm": "accounts.serializers.PasswordResetConfirmSerializer",
        "username_reset_confirm": "accounts.serializers.UsernameResetConfirmSerializer",
    },
}

# OPENAPI (drf-spectacular)
# ------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "Men API",
    "DESCRIPTION": (
        "Каталог статей об известных мужчинах: записи по категориям, авторы и модерация.\n\n"
        "Every error is JSON (`Error` or, for 400, `ValidationError`). A method that a route does not "
        "serve answers 405 with an `Allow` header; a body over the size limit answers 413; an "
        "unreachable database answers 503 with `Retry-After`. Messages follow `Accept-Language` "
        "(Russian by default, `en` for English)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    # The schema and the docs pages are public and read no credentials (a bad Authorization header is ignored there).
    "SERVE_AUTHENTICATION": [],
    # config.schema: error responses, the notes' examples, `cat_id` as a deprecated alias, links.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "config.schema.postprocess"],
}
