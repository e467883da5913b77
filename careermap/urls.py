from django.contrib import admin
from django.urls import include, path

from careermap import views

admin.site.site_header = "CareerMap administration"
admin.site.site_title = "CareerMap admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("apps.employees.urls")),
    path("map/", include("apps.careermaps.urls")),
    path("catalogue/", include("apps.roles.urls")),
    path("explore/", include("apps.careermaps.urls_explore")),
    path("resources/", include("apps.careermaps.urls_resources")),
    path("mentoring/", include("apps.careermaps.urls_mentoring")),
    path("team/", include("apps.dashboards.urls")),
    path("talent/", include("apps.succession.urls")),
    path("succession/", include("apps.succession.urls_plans")),
    path("notifications/", include("apps.notifications.urls")),
    path("preferences/", include("apps.careermaps.urls_preferences")),
    path("admin/", admin.site.urls),
]

handler403 = "careermap.views.permission_denied"
handler404 = "careermap.views.page_not_found"
handler500 = "careermap.views.server_error"
