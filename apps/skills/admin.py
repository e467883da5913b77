"""Admin for the skills taxonomy and the proficiency scale."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from apps.skills.models import ProficiencyLevel, Skill, SkillCategory

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _SkillCount(TypedDict):
    num_skills: int


@admin.register(ProficiencyLevel)
class ProficiencyLevelAdmin(admin.ModelAdmin):
    """The six steps are fixed (every rating and requirement uses 0-5): wording may change."""

    list_display = ("level", "name", "descriptor")
    list_display_links = ("level", "name")
    search_fields = ("name", "descriptor")
    readonly_fields = ("level",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "skill_count")
    list_select_related = ("parent",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "description")
    autocomplete_fields = ("parent",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SkillCategory]:
        return super().get_queryset(request).annotate(num_skills=Count("skills"))

    @admin.display(description="skills", ordering="num_skills")
    def skill_count(self, obj: WithAnnotations[SkillCategory, _SkillCount]) -> int:
        return obj.num_skills


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "synonym_list")
    list_select_related = ("category",)
    list_filter = ("category",)
    search_fields = ("name", "synonyms", "description")
    autocomplete_fields = ("category",)

    @admin.display(description="synonyms")
    def synonym_list(self, obj: Skill) -> str:
        return ", ".join(obj.synonyms)
