"""Notification preferences (mounted at /preferences/)."""

from django.urls import path

from apps.careermaps.views import preferences

app_name = "preferences"

urlpatterns = [
    path("", preferences.index, name="index"),
]
