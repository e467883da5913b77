from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

HR_GROUP = "hr"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in. Their Employee record (if any) links to it by email."""

    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    # Blank: follow the browser until the person picks one (the switcher, or signing in).
    language = models.CharField(
        _("language"), max_length=16, blank=True, default="", choices=settings.LANGUAGES
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin.")
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]

    @property
    def is_hr(self) -> bool:
        """HR staff see the whole organisation; superusers count as HR."""
        if self.is_superuser:
            return True
        cached: bool | None = getattr(self, "_is_hr", None)
        if cached is None:
            cached = self.groups.filter(name=HR_GROUP).exists()
            self._is_hr = cached
        return cached


IDLE_TIMEOUT_DEFAULT = 60
IDLE_TIMEOUT_RANGE = (5, 24 * 60)


class SecurityPolicy(models.Model):
    """The organisation's sign-in policy, set by HR: one row (``current()`` makes it)."""

    idle_timeout_minutes = models.PositiveSmallIntegerField(
        _("sign out after this many idle minutes"),
        default=IDLE_TIMEOUT_DEFAULT,
        help_text=format_lazy(
            _(
                "Between {low} and {high} minutes (a day). A signed-in person who does "
                "nothing for this long is signed out."
            ),
            low=IDLE_TIMEOUT_RANGE[0],
            high=IDLE_TIMEOUT_RANGE[1],
        ),
    )
    sso_only = models.BooleanField(
        _("single sign-on only"),
        default=False,
        help_text=_(
            "Password sign-in and password reset are off for everyone but superusers "
            "(the break-glass accounts); people sign in through the identity provider."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "security policy"

    def __str__(self) -> str:
        minutes = self.idle_timeout_minutes
        return ngettext(
            "Sign out after %(minutes)s idle minute",
            "Sign out after %(minutes)s idle minutes",
            minutes,
        ) % {"minutes": minutes}

    @classmethod
    def current(cls) -> SecurityPolicy:
        policy, _ = cls.objects.get_or_create(pk=1)
        return policy
