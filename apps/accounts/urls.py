from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("security/", views.security_policy, name="security"),
]
