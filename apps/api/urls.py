from django.urls import path

from apps.api import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<uuid:public_id>/revoke/", views.revoke, name="token-revoke"),
]
