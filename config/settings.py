"""Settings for the Men API: one module, driven by environment variables (see .env.example)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import csp.constants
import environ
from django.core.exceptions import ImproperlyConfigured

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
    # .env.example's placeholder and Django's insecure keys must never sign production sessions and JWTs.
    if not SECRET_KEY.strip() or SECRET_KEY.startswith(("change-me", "django-insecure-")):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is empty or a placeholder; outside debug set it to a long random value, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]", "testserver"],
)

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
# Ours first, then the Russian of the libraries that ship it as ru_RU only (`make messages`).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "vendor"]
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
    # Behind PgBouncer the timeout is the role's (ALTER ROLE ... SET statement_timeout, docs/deploy.md):
    # PgBouncer 1.18 refuses libpq's `options`, and a SET per session would leak across pooled clients.
    STATEMENT_TIMEOUT_OPTION = f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT', default=30000)}"
    DATABASE_PGBOUNCER = env.bool("DATABASE_PGBOUNCER", default=False)
    if DATABASE_PGBOUNCER:
        # Transaction pooling: each transaction may get another server connection, so nothing may
        # outlive one: no server-side (named) cursors and no prepared statements.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None
    else:
        DATABASES["default"]["OPTIONS"].setdefault("options", STATEMENT_TIMEOUT_OPTION)
        # Reached directly, a connection keeps the statements the app sends again and again prepared
        # (api.postgresql: after this many runs on it; other statements bind on the client, as Django's).
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 2)
    # A streaming replica for reads (api.replicas: only once it has replayed the last write).
    DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", default="")
    if DATABASE_REPLICA_URL:
        DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
        DATABASES["replica"].update(
            CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
            CONN_HEALTH_CHECKS=True,
            # A replica that is down is skipped, not waited for.
            OPTIONS={
                "connect_timeout": env.int("DATABASE_REPLICA_CONNECT_TIMEOUT", default=1),
                "options": STATEMENT_TIMEOUT_OPTION,
            },
            # Tests read and write one database: the replica alias is the same connection settings.
            TEST={"MIRROR": "default"},
        )
        DATABASE_ROUTERS = ["api.replicas.ReplicaRouter"]
    for database in DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            # Django's backend with a health check that polls the socket instead of a `SELECT 1` (api.postgresql).
            database["ENGINE"] = "api.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
# Seconds a rendered answer stays in the read cache (api.read_cache); writes make it stale at once.
RECORD_CACHE_SECONDS = env.int("RECORD_CACHE_SECONDS", default=300)
# Seconds a `search` list's count may lag an edit that changes what its terms match (menapp.cache).
SEARCH_COUNT_SECONDS = env.int("SEARCH_COUNT_SECONDS", default=60)
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
# Throttle counters (api.counters) and replica pins (api.replicas) never share eviction with the cache:
# in their own Redis when one is given (`noeviction`), else in the cache's Redis, else (counters) in a SQLite file.
COUNTERS_REDIS_URL = env("COUNTERS_REDIS_URL", default=REDIS_URL)
THROTTLE_COUNTERS_FILE = Path(env("CACHE_DIR", default=str(BASE_DIR / "var" / "cache"))) / "throttle.sqlite3"

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    # django.contrib.admin, with a site whose login and password-change forms count in the login scope.
    "accounts.apps.AdminConfig",
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
# Django's ModelBackend, counting every authenticate() in the login scope before a hash (accounts.backends).
AUTHENTICATION_BACKENDS = ["accounts.backends.LoginThrottledModelBackend"]
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
    # The Content-Security-Policy header (django-csp, its site-wide policy built once), on every answer.
    "api.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Oversized bodies, bad query strings and every error under /api/ and /auth/ as API errors.
    "api.middleware.ApiErrorMiddleware",
    "api.middleware.PublicBaseUrlMiddleware",
    # ETags on GET responses (a record's version, or a hash of the body) and 304 for If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "api.middleware.OptionalTrailingSlashMiddleware",
    # The language comes from the URL, a cookie or Accept-Language (never the session since Django 4.0),
    # so LocaleMiddleware needs no session before it.
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.SingleQueryValueMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Cached reads for readers known without DRF, answered here: nothing below changes such an answer.
    "api.fast_reads.FastReadMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Lets User.check_password count in the login scope, whichever view checks it (accounts.middleware).
    "accounts.middleware.CurrentRequestMiddleware",
]
if "replica" in DATABASES:
    # First: every read of the request, even the earliest, knows whether it may use the replica.
    MIDDLEWARE.insert(0, "api.replicas.ReplicaMiddleware")

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
        # Overrides of third-party templates: the browsable API's and the admin's, translated and branded,
        # and the browsable API's log-out without an inline script.
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

# EMAIL (activation, confirmation, password and username reset)
# ------------------------------------------------------------------------------
# The backend that talks to the mail server. With a broker, requests only queue their mail
# (accounts.mail_queue, after the transaction commits) and the Celery worker sends it through this one.
EMAIL_DELIVERY_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Men API <noreply@localhost>")

# CELERY (config.celery): mail and periodic jobs, on RabbitMQ
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
EMAIL_BACKEND = "accounts.mail_queue.QueuedEmailBackend" if CELERY_BROKER_URL else EMAIL_DELIVERY_BACKEND
CELERY_TASK_DEFAULT_QUEUE = "men-default"
# At least once: a task is acknowledged after it ran, so a worker that dies mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues mail while the broker is away must not hang: fail fast (accounts.mail_queue).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TIMEZONE = TIME_ZONE
# Beat's jobs (config.celery.management_command): expired JWTs out of the blacklist tables, and
# history rows that repeat the row before them (a no-op write is not a change; DESIGN.md).
CELERY_BEAT_SCHEDULE = {
    "flush-expired-tokens": {
        "task": "config.management_command",
        "schedule": env.int("FLUSH_EXPIRED_TOKENS_EVERY", default=60 * 60),
        "args": ["flushexpiredtokens"],
    },
    "prune-history": {
        "task": "config.management_command",
        "schedule": env.int("HISTORY_PRUNE_EVERY", default=24 * 60 * 60),
        "args": ["clean_duplicate_history", "--auto", "--minutes", str(25 * 60)],
    },
}

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
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    # Atomic counters shared by all workers (api.throttling), not DRF's racy cached lists.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("THROTTLE_ANON", default="300/min"),
        "user": env("THROTTLE_USER", default="1200/min"),
        # Every path that checks a password or a mailed token, registration and resets share this strict
        # scope, per address and per username; it fails closed. Debug keeps it on, at a higher rate.
        "login": env("THROTTLE_LOGIN", default="60/min" if DEBUG else "10/min"),
        # Record creation (POST men/, menlist/), per user.
        "create": env("THROTTLE_CREATE", default="60/min"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # The browsable API's titles, breadcrumbs and descriptions in the request's language.
    "VIEW_NAME_FUNCTION": "api.view_names.get_view_name",
    "VIEW_DESCRIPTION_FUNCTION": "api.view_names.get_view_description",
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
    # accounts.strict: each body field takes only the JSON type the schema promises.
    "TOKEN_OBTAIN_SERIALIZER": "accounts.strict.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.strict.TokenRefreshSerializer",
    "TOKEN_VERIFY_SERIALIZER": "accounts.strict.TokenVerifySerializer",
    "TOKEN_BLACKLIST_SERIALIZER": "accounts.strict.TokenBlacklistSerializer",
}

# DJOSER, §12
# https://djoser.readthedocs.io/en/latest/settings.html
# ------------------------------------------------------------------------------
# Where people reach this service, e.g. https://api.example.com: the base of the links in account mails
# (password and username reset, activation), which lead to this service's own pages (accounts.pages).
# Unset: the scheme and host the request that sent the mail came to.
_public_base = urlsplit(PUBLIC_BASE_URL)
DJOSER = {
    "EMAIL_FRONTEND_PROTOCOL": _public_base.scheme or None,
    "EMAIL_FRONTEND_DOMAIN": (_public_base.netloc + _public_base.path.rstrip("/")) or None,
    "EMAIL_FRONTEND_SITE_NAME": "Men API",
    "HIDE_USERS": True,
    "PASSWORD_RESET_SHOW_EMAIL_NOT_FOUND": False,
    "PASSWORD_RESET_CONFIRM_URL": "password/reset/confirm/{uid}/{token}",
    # The links in djoser's other mails: without them, asking for a username reset was a 500.
    "USERNAME_RESET_CONFIRM_URL": "username/reset/confirm/{uid}/{token}",
    "ACTIVATION_URL": "activate/{uid}/{token}",
    # Off: users are active at once, and djoser's activation routes are not served (accounts.views).
    "SEND_ACTIVATION_EMAIL": env.bool("SEND_ACTIVATION_EMAIL", default=False),
    # One token generator per purpose (accounts.mail_tokens): activation and reset tokens do not mix.
    "EMAIL": {
        "activation": "accounts.emails.ActivationEmail",
        "password_reset": "accounts.emails.PasswordResetEmail",
        "username_reset": "accounts.emails.UsernameResetEmail",
    },
    # accounts.strict: djoser's serializers (or ours, accounts.serializers), each body field taking only
    # the JSON type the schema promises.
    "SERIALIZERS": {
        "activation": "accounts.strict.ActivationSerializer",
        "password_reset": "accounts.strict.SendEmailResetSerializer",
        "password_reset_confirm": "accounts.strict.PasswordResetConfirmSerializer",
        "set_password": "accounts.strict.SetPasswordSerializer",
        "set_username": "accounts.strict.SetUsernameSerializer",
        "username_reset": "accounts.strict.SendEmailResetSerializer",
        "username_reset_confirm": "accounts.strict.UsernameResetConfirmSerializer",
        "user_create": "accounts.strict.UserCreateSerializer",
        "user_delete": "accounts.strict.UserDeleteSerializer",
        "user": "accounts.strict.UserSerializer",
        "current_user": "accounts.strict.UserSerializer",
        "token_create": "accounts.strict.TokenCreateSerializer",
    },
}

# OPENAPI (drf-spectacular)
# ------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "Men API",
    "DESCRIPTION": (
        "Каталог статей об известных мужчинах: записи по категориям, авторы и модерация.\n\n"
        "Bodies are JSON objects; the browsable API and Postman may send the same fields as a form "
        "(`application/x-www-form-urlencoded`, `multipart/form-data`), where every value is text.\n\n"
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
    # Bodies are documented as JSON only: the same fields also come as a form (urlencoded, multipart),
    # but three media types with one schema make generated clients (openapi-python-client) unusable.
    "PARSER_WHITELIST": ["api.parsers.JSONParser"],
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    # One tag per resource (menapp.schema, accounts.schema, api.schema), in this order in the docs.
    "TAGS": [
        {"name": "records", "description": "Записи об известных мужчинах (§1–§10): список, фильтры, создание, правка."},
        {"name": "categories", "description": "Категории записей: читают все, меняет персонал."},
        {"name": "users", "description": "Пользователи djoser (§12): регистрация, свои данные, смена и сброс пароля."},
        {"name": "token", "description": "Вход по токену djoser (§12): `Authorization: Token <auth_token>`."},
        {"name": "jwt", "description": "JWT SimpleJWT (§14): пара access/refresh, обновление и отзыв."},
        {"name": "root", "description": "Корни API: ссылки на коллекции."},
        {"name": "health", "description": "Проверки живости и готовности для балансировщика."},
        {"name": "legacy", "description": "Старые маршруты курса (`menlist/`, `mendetail/`, `mendelete/`)."},
    ],
    # The schema and the docs pages are public and read no credentials (a bad Authorization header is ignored there).
    "SERVE_AUTHENTICATION": [],
    # api.schema: error responses, the notes' examples, `cat_id` as a deprecated alias, links.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess"],
}
