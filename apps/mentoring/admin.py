"""Admin for mentor offers and mentorships."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from apps.mentoring.models import MentorOffer, Mentorship

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class SkillCount(TypedDict):
    num_skills: int


@admin.register(MentorOffer)
class MentorOfferAdmin(admin.ModelAdmin):
    list_display = ("employee", "is_open", "skill_count", "updated_at")
    list_select_related = ("employee",)
    list_filter = ("is_open",)
    search_fields = ("employee__full_name", "employee__work_email", "skills__name", "note")
    autocomplete_fields = ("employee",)
    filter_horizontal = ("skills",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[MentorOffer]:
        return super().get_queryset(request).annotate(num_skills=Count("skills", distinct=True))

    @admin.display(description="skills", ordering="num_skills")
    def skill_count(self, obj: WithAnnotations[MentorOffer, SkillCount]) -> int:
        return obj.num_skills


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ("mentee", "mentor", "status", "requested_at", "responded_at", "follow_up")
    list_select_related = ("mentor", "mentee")
    list_filter = ("status",)
    search_fields = (
        "mentor__full_name",
        "mentee__full_name",
        "mentor__work_email",
        "mentee__work_email",
    )
    autocomplete_fields = ("mentor", "mentee")
    filter_horizontal = ("focus_skills",)
    readonly_fields = ("public_id",)
    date_hierarchy = "requested_at"
