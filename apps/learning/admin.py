"""Admin for the learning catalogue: resources and the skills (with levels) each builds."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from apps.learning.models import LearningResource, ResourceSkill

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class SkillCount(TypedDict):
    num_skills: int


class ResourceSkillInline(admin.TabularInline):
    # The skills go through ResourceSkill (with a level), which filter_horizontal cannot edit.
    model = ResourceSkill
    extra = 1
    autocomplete_fields = ("skill",)
    fields = ("skill", "level")
    verbose_name = "skill it builds"
    verbose_name_plural = "skills it builds"


@admin.register(LearningResource)
class LearningResourceAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "kind", "hours", "cost", "skill_count")
    list_filter = ("kind", "provider")
    search_fields = ("title", "provider", "skills__name")
    readonly_fields = ("public_id",)
    inlines = (ResourceSkillInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[LearningResource]:
        return super().get_queryset(request).annotate(num_skills=Count("skills", distinct=True))

    @admin.display(description="skills it builds", ordering="num_skills")
    def skill_count(self, obj: WithAnnotations[LearningResource, SkillCount]) -> int:
        return obj.num_skills


@admin.register(ResourceSkill)
class ResourceSkillAdmin(admin.ModelAdmin):
    list_display = ("resource", "skill", "level")
    list_select_related = ("resource", "skill")
    list_filter = ("level", "resource__kind", "skill__category")
    search_fields = ("resource__title", "skill__name")
    autocomplete_fields = ("resource", "skill")
