"""Explore roles: the catalogue, a role, where I can go from here, and comparing two roles."""

from django.urls import path

from apps.careermaps.views import explore

app_name = "explore"

urlpatterns = [
    path("", explore.catalogue, name="catalogue"),
    path("paths/", explore.paths, name="paths"),
    path("compare/", explore.compare, name="compare"),
    path("roles/<uuid:role_id>/", explore.role, name="role"),
    path("roles/<uuid:role_id>/target/", explore.target, name="target"),
]
