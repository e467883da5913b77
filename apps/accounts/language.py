"""A person's language lives on their account, so it follows them to every browser.

Django's ``set_language`` view (the switcher's form) and ``LocaleMiddleware`` only know the
cookie. ``AccountLanguage`` (after authentication) joins the two: a signed-in person's saved
language wins over whatever the browser's cookie says, and the cookie is set to match; a
response that sets the cookie (the switcher) saves the new choice on the account. Signing in
without a saved language keeps the one chosen on the sign-in page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from apps.accounts.models import User

COOKIE = settings.LANGUAGE_COOKIE_NAME


def known(code: str | None) -> str | None:
    """``code`` when it is one of the product's languages, else None."""
    return code if code and code in dict(settings.LANGUAGES) else None


def language_of(user: Any) -> str:
    """The language to write to ``user`` in (emails, notifications): theirs, else the default."""
    return known(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def set_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        COOKIE,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def save_language(user: Any, code: str) -> None:
    if user.language != code:
        User.objects.filter(pk=user.pk).update(language=code)
        user.language = code


class AccountLanguage:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        saved = self._saved(request)
        if saved and saved != translation.get_language():
            translation.activate(saved)
            request.LANGUAGE_CODE = saved
        response = self.get_response(request)
        user = request.user  # the view may have signed someone in or out
        if not user.is_authenticated:
            return response
        chosen = response.cookies.get(COOKIE)
        if chosen is not None and known(chosen.value):
            save_language(user, chosen.value)
        elif (saved := known(user.language)) and request.COOKIES.get(COOKIE) != saved:
            set_cookie(response, saved)
        return response

    @staticmethod
    def _saved(request: HttpRequest) -> str | None:
        user = request.user
        return known(user.language) if user.is_authenticated else None


def adopt_language_on_sign_in(
    sender: object, request: HttpRequest | None, user: Any, **kwargs: object
) -> None:
    """Signing in switches to the account's language, or saves the one in use if it has none."""
    if request is None:
        return
    saved = known(user.language)
    if saved:
        translation.activate(saved)
        request.LANGUAGE_CODE = saved
    elif current := known(request.COOKIES.get(COOKIE)):
        save_language(user, current)
