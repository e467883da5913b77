from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security_policy, name="security"),
    path("sso/", views.sso_settings, name="sso"),
    path("sso/remove/", views.sso_remove, name="sso-remove"),
    path("sso/mode/", views.sso_mode, name="sso-mode"),
]
