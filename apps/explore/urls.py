"""Explore roles: the catalogue, a role, where I can go from here, and comparing two roles."""

from django.urls import path

from apps.explore import views

app_name = "explore"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("paths/", views.paths, name="paths"),
    path("compare/", views.compare, name="compare"),
    path("roles/<uuid:role_id>/", views.role, name="role"),
    path("roles/<uuid:role_id>/target/", views.target, name="target"),
]
