"""Admin for check-ins: the schedule and status only; what each side prepared stays out."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from apps.checkins.models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("career_map", "manager", "meeting_date", "cadence", "status")
    list_select_related = ("career_map__employee", "manager")
    list_filter = ("status", "cadence")
    search_fields = ("career_map__employee__full_name", "manager__full_name")
    date_hierarchy = "meeting_date"
    # The preparation is private to the two people in it: never shown nor edited here.
    fields = ("meeting_date", "cadence", "status")
    readonly_fields = ("status",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
