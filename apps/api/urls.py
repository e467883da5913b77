from django.urls import include, path

from apps.api import views
from apps.api.api import api

app_name = "api"

# ninja's own URL list, without its namespace: the API's names live in this app's ("api:...").
api_patterns, _ninja_app, _ninja_namespace = api.urls

urlpatterns = [
    path("integrations/tokens/", views.tokens_page, name="tokens"),
    path("integrations/tokens/<uuid:public_id>/revoke/", views.revoke, name="token-revoke"),
    path("api/v1/", include(api_patterns)),
]
