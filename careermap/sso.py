"""Single sign-on people: the identity provider's verified email finds their employee record.

Above the employees app (it reads Employee), so it sits with the wiring; the sign-in policy
itself (SSO only, break-glass) is apps/accounts/sso.py.

- No verified email, no employee record (and no account), or a leaver: a refusal page.
- An employee with an account, or an account with that email: the login connects to it.
- An employee without an account: one is made at first sign-in and linked to the record.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import render

from apps.accounts.models import User
from apps.employees.models import Employee, EmploymentStatus

logger = logging.getLogger(__name__)

REFUSALS = {
    "unverified": "Your identity provider did not confirm that your email address is verified, "
    "so CareerMap cannot tell which employee you are.",
    "not_employee": "There is no employee record for {email} in CareerMap. If you work here, "
    "ask HR to add you; then sign in again.",
    "leaver": "{email} belongs to someone who has left the organisation, so it can no longer "
    "sign in to CareerMap. If this is a mistake, contact HR.",
}


def verified_email(sociallogin: SocialLogin) -> str | None:
    """The first address the identity provider says is verified (its email_verified claim or
    the app's verified domains), lower case."""
    for address in sociallogin.email_addresses:
        if address.verified and address.email:
            return str(address.email).lower()
    return None


def employee_for(email: str) -> Employee | None:
    return Employee.objects.filter(work_email__iexact=email).select_related("user").first()


def is_leaver(employee: Employee) -> bool:
    return employee.status == EmploymentStatus.LEFT or employee.is_anonymised


def refuse(request: HttpRequest, reason: str, email: str = "") -> None:
    logger.info("single sign-on refused (%s): %s", reason, email or "no verified email")
    context = {"message": REFUSALS[reason].format(email=email), "reason": reason}
    raise ImmediateHttpResponse(
        render(request, "socialaccount/sso_refused.html", context, status=403)
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        if sociallogin.is_existing:
            self._check_connected(request, sociallogin)
            return
        email = verified_email(sociallogin)
        if email is None:
            refuse(request, "unverified")
            return
        employee = employee_for(email)
        if employee is not None and is_leaver(employee):
            refuse(request, "leaver", email)
        user = self._account_for(email, employee)
        if user is not None:
            sociallogin.connect(request, user)
        elif employee is None:
            refuse(request, "not_employee", email)
        # Else: allauth signs them up (is_open_for_signup) and save_user links the record.

    def _check_connected(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A connected account still signs in only while its person has not left."""
        employee = Employee.objects.filter(user=sociallogin.user).first()
        if employee is not None and is_leaver(employee):
            refuse(request, "leaver", employee.work_email)

    def _account_for(self, email: str, employee: Employee | None) -> User | None:
        if employee is not None and employee.user is not None:
            return employee.user
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and employee is not None and not hasattr(user, "employee"):
            Employee.objects.filter(pk=employee.pk, user=None).update(user=user)
        return user

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        """Reached only after pre_social_login found an employee without an account."""
        email = verified_email(sociallogin)
        employee = employee_for(email) if email else None
        return employee is not None and employee.user_id is None and not is_leaver(employee)

    @transaction.atomic
    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        email = verified_email(sociallogin)
        employee = employee_for(email) if email else None
        user = sociallogin.user
        user.email = email
        if employee is not None:
            user.name = employee.full_name
            user.timezone = employee.timezone
        saved = super().save_user(request, sociallogin, form)
        if employee is not None:
            Employee.objects.filter(pk=employee.pk, user=None).update(user=saved)
        return saved
