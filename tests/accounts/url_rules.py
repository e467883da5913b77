"""Who may open the account settings pages (collected by tests/project/test_url_access.py)."""

from __future__ import annotations

from tests.access_matrix import Expect, everyone, signed_in

RULES: dict[str, Expect] = {
    "accounts:security": Expect(signed_in(404, hr=200)),
    "accounts:sso": Expect(signed_in(404, hr=200)),
    "accounts:sso-remove": Expect(signed_in(404, hr=302), method="post"),
    "accounts:sso-mode": Expect(signed_in(404, hr=302), method="post"),
    # Django's language switcher: anyone may choose; it redirects back to the page.
    "set_language": Expect(everyone(302), method="post"),
    # Single sign-on (allauth.socialaccount): anonymous sign-in pages and the signed-in list.
    "account_break_glass": Expect(everyone(302, anonymous=200)),
    "socialaccount_connections": Expect(signed_in(200)),
    "socialaccount_signup": Expect(everyone(302)),  # no sign-up is pending
    "socialaccount_login_cancelled": Expect(everyone(200)),
    "socialaccount_login_error": Expect(everyone(401)),
    # No identity provider is set up here: the provider pages do not exist.
    "openid_connect_login": Expect(everyone(404), kwargs=lambda org: {"provider_id": "sso"}),
    "openid_connect_callback": Expect(everyone(404), kwargs=lambda org: {"provider_id": "sso"}),
    "saml_login": Expect(everyone(404), kwargs=lambda org: {"organization_slug": "saml"}),
    # A GET to the assertion consumer is sent on to finish_acs (which then has no app).
    "saml_acs": Expect(everyone(302), kwargs=lambda org: {"organization_slug": "saml"}),
    "saml_finish_acs": Expect(everyone(404), kwargs=lambda org: {"organization_slug": "saml"}),
    "saml_metadata": Expect(everyone(404), kwargs=lambda org: {"organization_slug": "saml"}),
    "saml_sls": Expect(everyone(404), kwargs=lambda org: {"organization_slug": "saml"}),
}
