"""SCIM 2.0 under /scim/v2/ (identity providers append the resource names)."""

from django.urls import path

from apps.scim import views

app_name = "scim"

urlpatterns = [
    path("Users", views.users, name="users"),
    path("Users/<uuid:public_id>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:group_id>", views.group, name="group"),
    path("ServiceProviderConfig", views.service_provider_config, name="service-provider-config"),
    path("ResourceTypes", views.resource_types, name="resource-types"),
    path("Schemas", views.schemas, name="schemas"),
]
