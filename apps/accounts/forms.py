"""HR's sign-in policy and single sign-on forms."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import IDLE_TIMEOUT_RANGE, SecurityPolicy
from apps.accounts.sso import masked

DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

LOW, HIGH = IDLE_TIMEOUT_RANGE


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = ["idle_timeout_minutes"]

    def clean_idle_timeout_minutes(self) -> int:
        minutes: int = self.cleaned_data["idle_timeout_minutes"]
        if not LOW <= minutes <= HIGH:
            raise forms.ValidationError(
                _("Choose between %(low)s and %(high)s minutes.") % {"low": LOW, "high": HIGH}
            )
        return minutes


WELL_KNOWN = "/.well-known/openid-configuration"
LOOPBACK = {"localhost", "127.0.0.1", "[::1]"}


class OidcProviderForm(forms.Form):
    """HR's OpenID Connect identity provider (Entra ID, Okta, Google, Keycloak...)."""

    name = forms.CharField(
        label=gettext_lazy("Button label"),
        max_length=40,
        help_text=gettext_lazy(
            'Shown on the sign-in page as "Sign in with …", e.g. "Contoso Entra ID".'
        ),
    )
    server_url = forms.URLField(
        label=gettext_lazy("Issuer (discovery) URL"),
        max_length=400,
        assume_scheme="https",
        help_text=gettext_lazy(
            "The issuer URL, with or without /.well-known/openid-configuration."
        ),
    )
    client_id = forms.CharField(label=gettext_lazy("Client ID"), max_length=191)
    secret = forms.CharField(
        label=gettext_lazy("Client secret"),
        max_length=400,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    verified_domains = forms.CharField(
        label=gettext_lazy("Email domains the provider verifies"),
        max_length=400,
        required=False,
        help_text=gettext_lazy(
            "Only for providers that send no email_verified claim (Entra ID): your "
            "organisation's own domains, separated by commas, e.g. contoso.com."
        ),
    )

    def __init__(self, *args: Any, saved_secret: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved_secret = saved_secret
        if saved_secret:
            self.fields["secret"].help_text = _("Saved (%(secret)s). Leave blank to keep it.") % {
                "secret": masked(saved_secret)
            }

    def clean_server_url(self) -> str:
        url: str = self.cleaned_data["server_url"].strip()
        url = url.removesuffix(WELL_KNOWN).rstrip("/")
        parts = urlsplit(url)
        if parts.scheme != "https" and parts.hostname not in LOOPBACK | {"::1"}:
            raise forms.ValidationError(_("Use an https:// address: sign-in secrets travel on it."))
        return url

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data["secret"]
        if not secret and not self.saved_secret:
            raise forms.ValidationError(_("Enter the client secret your identity provider gave."))
        return secret

    def clean_verified_domains(self) -> list[str]:
        raw: str = self.cleaned_data["verified_domains"]
        domains = [part.strip().lower().lstrip("@") for part in raw.split(",") if part.strip()]
        bad = [d for d in domains if not DOMAIN.fullmatch(d)]
        if bad:
            raise forms.ValidationError(
                _("Not a domain: %(domains)s.") % {"domains": ", ".join(bad)}
            )
        return domains


class SsoOnlyForm(forms.Form):
    sso_only = forms.BooleanField(
        label=gettext_lazy("Single sign-on only"),
        required=False,
        help_text=gettext_lazy(
            "Turns password sign-in and password reset off for everyone but superusers "
            "(the break-glass accounts, at /accounts/break-glass/)."
        ),
    )

    def __init__(self, *args: Any, provider_ready: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider_ready = provider_ready

    def clean_sso_only(self) -> bool:
        enabled: bool = self.cleaned_data["sso_only"]
        if enabled and not self.provider_ready:
            raise forms.ValidationError(
                _("Set up an identity provider first: otherwise only superusers could sign in.")
            )
        return enabled
