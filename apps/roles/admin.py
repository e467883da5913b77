"""Admin for job families, roles, their required skills and the career-path graph."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from apps.roles.models import JobFamily, Role, RoleRequirement, RoleTransition

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _RoleCount(TypedDict):
    num_roles: int


class _RequirementCount(TypedDict):
    num_requirements: int


@admin.register(JobFamily)
class JobFamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "role_count")
    search_fields = ("name", "description")

    def get_queryset(self, request: HttpRequest) -> QuerySet[JobFamily]:
        return super().get_queryset(request).annotate(num_roles=Count("roles"))

    @admin.display(description="roles", ordering="num_roles")
    def role_count(self, obj: WithAnnotations[JobFamily, _RoleCount]) -> int:
        return obj.num_roles


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    extra = 0
    autocomplete_fields = ("skill",)
    fields = ("skill", "required_level", "importance", "weight")


class TransitionOutInline(admin.TabularInline):
    model = RoleTransition
    fk_name = "from_role"
    extra = 0
    autocomplete_fields = ("to_role",)
    fields = ("to_role", "kind", "typical_months")
    verbose_name = "next role"
    verbose_name_plural = "next roles (career paths out of this role)"


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("title", "family", "level", "track", "is_key_position", "requirement_count")
    list_select_related = ("family",)
    list_filter = ("family", "level", "track", "is_key_position")
    search_fields = ("title", "family__name", "summary")
    autocomplete_fields = ("family",)
    readonly_fields = ("public_id",)
    inlines = (RoleRequirementInline, TransitionOutInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).annotate(num_requirements=Count("requirements"))

    @admin.display(description="required skills", ordering="num_requirements")
    def requirement_count(self, obj: WithAnnotations[Role, _RequirementCount]) -> int:
        return obj.num_requirements


@admin.register(RoleRequirement)
class RoleRequirementAdmin(admin.ModelAdmin):
    list_display = ("role", "skill", "required_level", "importance", "weight")
    list_select_related = ("role", "skill")
    list_filter = ("importance", "required_level", "role__family", "skill__category")
    search_fields = ("role__title", "skill__name")
    autocomplete_fields = ("role", "skill")


@admin.register(RoleTransition)
class RoleTransitionAdmin(admin.ModelAdmin):
    list_display = ("from_role", "to_role", "kind", "typical_months")
    list_select_related = ("from_role", "to_role")
    list_filter = ("kind", "from_role__family", "to_role__family")
    search_fields = ("from_role__title", "to_role__title")
    autocomplete_fields = ("from_role", "to_role")
