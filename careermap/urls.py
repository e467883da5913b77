from allauth.urls import build_provider_urlpatterns
from django.contrib import admin
from django.urls import include, path

from apps.accounts.views import break_glass_login
from careermap import views

admin.site.site_header = "CareerMap administration"
admin.site.site_title = "CareerMap admin"

# allauth.urls without its deprecated /accounts/social/ redirects: sign-in, two-factor, the
# single sign-on pages and each identity provider's login and callback.
allauth_urls = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    *build_provider_urlpatterns(),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the language switcher
    # Password sign-in for break-glass superusers while single sign-on only is on.
    path("accounts/break-glass/", break_glass_login, name="account_break_glass"),
    path("accounts/", include(allauth_urls)),
    path("settings/", include("apps.accounts.urls")),
    path("people/", include("apps.employees.urls")),
    path("catalogue/", include("apps.roles.urls")),
    path("resources/", include("apps.learning.urls")),
    # The map (/map/, /preferences/) and succession (/talent/, /succession/) own two prefixes.
    path("", include("apps.careermaps.urls")),
    path("explore/", include("apps.explore.urls")),
    path("mentoring/", include("apps.mentoring.urls")),
    path("checkins/", include("apps.checkins.urls")),
    path("opportunities/", include("apps.opportunities.urls")),
    path("", include("apps.succession.urls")),
    path("team/", include("apps.dashboards.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("imports/", include("apps.imports.urls")),
    path("", include("apps.api.urls")),  # /integrations/tokens/ and the API at /api/v1/
    path("scim/v2/", include("apps.scim.urls")),  # provisioning from identity providers
    path("admin/", admin.site.urls),
]

handler403 = "careermap.views.permission_denied"
handler404 = "careermap.views.page_not_found"
handler500 = "careermap.views.server_error"
