"""Admin for career maps and everything on them.

A reflection is its author's: the admin shows that it exists (who, when, confidence, shared or
not) and never its text, on no list, search or change page. Nobody adds or edits one here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from apps.careermaps.models import (
    AssessmentResult,
    CareerMap,
    DevelopmentAction,
    Goal,
    Milestone,
    NetworkContact,
    Recognition,
    Reflection,
    SwotItem,
)
from apps.employees.models import Employee

OWNER_SEARCH = ("career_map__employee__full_name", "career_map__employee__work_email")


class OnAMapAdmin(admin.ModelAdmin):
    """Rows that belong to one career map: listed with the person whose map it is."""

    @admin.display(description="employee", ordering="career_map__employee__full_name")
    def owner(self, obj: Any) -> Employee:
        return obj.career_map.employee


@admin.register(CareerMap)
class CareerMapAdmin(admin.ModelAdmin):
    list_display = (
        "employee",
        "target_role",
        "template",
        "visible_to_manager",
        "reflection_cadence",
        "updated_at",
    )
    list_select_related = ("employee", "target_role")
    list_filter = ("template", "visible_to_manager", "reflection_cadence", "target_role__family")
    search_fields = ("employee__full_name", "employee__work_email", "target_role__title")
    autocomplete_fields = ("employee", "target_role")
    readonly_fields = ("public_id", "created_at", "updated_at")
    date_hierarchy = "updated_at"


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "due", "done_at")


@admin.register(Goal)
class GoalAdmin(OnAMapAdmin):
    list_display = ("specific", "owner", "horizon", "status", "progress", "target_date")
    list_select_related = ("career_map__employee",)
    autocomplete_fields = ("career_map",)
    list_filter = ("horizon", "status")
    search_fields = ("specific", "measurable", *OWNER_SEARCH)
    readonly_fields = ("public_id", "version", "achieved_at", "created_at", "updated_at")
    inlines = (MilestoneInline,)


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "goal", "owner", "due", "done_at")
    list_select_related = ("goal__career_map__employee",)
    list_filter = (("done_at", admin.EmptyFieldListFilter),)
    search_fields = ("title", "goal__specific", "goal__career_map__employee__full_name")
    autocomplete_fields = ("goal",)
    readonly_fields = ("public_id",)

    @admin.display(description="employee", ordering="goal__career_map__employee__full_name")
    def owner(self, obj: Milestone) -> Employee:
        return obj.goal.career_map.employee


@admin.register(DevelopmentAction)
class DevelopmentActionAdmin(OnAMapAdmin):
    list_display = ("title", "owner", "kind", "status", "due", "completed_at")
    list_select_related = ("career_map__employee",)
    list_filter = ("kind", "status")
    search_fields = ("title", "resource__title", "skill__name", *OWNER_SEARCH)
    autocomplete_fields = ("career_map", "skill", "resource")
    readonly_fields = ("public_id", "created_at")


@admin.register(SwotItem)
class SwotItemAdmin(OnAMapAdmin):
    list_display = ("text", "owner", "quadrant", "created_at")
    list_select_related = ("career_map__employee",)
    autocomplete_fields = ("career_map",)
    readonly_fields = ("public_id",)
    list_filter = ("quadrant",)
    search_fields = ("text", *OWNER_SEARCH)


@admin.register(NetworkContact)
class NetworkContactAdmin(OnAMapAdmin):
    list_display = ("name", "organisation", "owner", "last_contact", "next_follow_up")
    list_select_related = ("career_map__employee",)
    autocomplete_fields = ("career_map",)
    readonly_fields = ("public_id",)
    list_filter = (("next_follow_up", admin.EmptyFieldListFilter),)
    search_fields = ("name", "organisation", *OWNER_SEARCH)


@admin.register(Reflection)
class ReflectionAdmin(OnAMapAdmin):
    list_display = ("__str__", "owner", "confidence", "shared_with_manager")
    list_select_related = ("career_map__employee",)
    list_filter = ("shared_with_manager", "confidence")
    search_fields = OWNER_SEARCH  # never the private text
    date_hierarchy = "created_at"
    # The written parts (progress, went well, adjust) are left out of every admin form.
    fields = (
        "career_map",
        "created_at",
        "confidence",
        "shared_with_manager",
        "text_kept",
        "public_id",
    )
    readonly_fields = fields

    @admin.display(description="text")
    def text_kept(self, obj: Reflection) -> str:
        return "Written by its author and not shown here: reflections are private."

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AssessmentResult)
class AssessmentResultAdmin(OnAMapAdmin):
    list_display = ("__str__", "owner", "kept_on_map")
    list_select_related = ("career_map__employee",)
    autocomplete_fields = ("career_map",)
    list_filter = ("kept_on_map",)
    search_fields = OWNER_SEARCH
    readonly_fields = ("public_id", "answers", "scores")
    date_hierarchy = "taken_at"


@admin.register(Recognition)
class RecognitionAdmin(OnAMapAdmin):
    list_display = ("message", "owner", "from_employee", "created_at")
    list_select_related = ("career_map__employee", "from_employee")
    autocomplete_fields = ("career_map", "from_employee")
    raw_id_fields = ("milestone", "goal")
    readonly_fields = ("public_id",)
    search_fields = ("message", *OWNER_SEARCH)
