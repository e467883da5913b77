"""Admin for departments, employees, skill ratings and invitations.

Reporting lines are a materialised path: the admin never writes ``path``/``depth`` itself, it
creates and moves people through the services that keep every path in the sub-tree right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from apps.accounts.models import User
from apps.employees.models import (
    Department,
    Employee,
    Invitation,
    SkillRating,
    SkillRatingHistory,
)
from apps.employees.services import employee_create, employee_set_manager

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Headcount(TypedDict):
    num_employees: int


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "head", "headcount")
    list_select_related = ("parent", "head")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)
    autocomplete_fields = ("parent", "head")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Department]:
        return super().get_queryset(request).annotate(num_employees=Count("employees"))

    @admin.display(description="employees", ordering="num_employees")
    def headcount(self, obj: WithAnnotations[Department, Headcount]) -> int:
        return obj.num_employees


def cycle_message(employee: Employee, manager: Employee) -> str:
    """The same words ``employee_set_manager`` uses when it refuses a move."""
    if manager.pk == employee.pk:
        return f"{employee.full_name} cannot report to themselves."
    return f"{employee.full_name} cannot report to {manager.full_name}, who reports to them."


class EmployeeAdminForm(forms.ModelForm):
    class Meta:
        model = Employee
        fields = (
            "full_name",
            "work_email",
            "user",
            "external_id",
            "department",
            "current_role",
            "manager",
            "status",
            "hire_date",
            "location",
            "timezone",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        manager: Employee | None = cleaned.get("manager")
        # A new employee has no reports yet, so only an existing one can close a loop.
        if manager is not None and self.instance.pk and manager.path.startswith(self.instance.path):
            self.add_error("manager", cycle_message(self.instance, manager))
        return cleaned


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = EmployeeAdminForm
    list_display = (
        "full_name",
        "work_email",
        "department",
        "current_role",
        "manager",
        "location",
        "status",
        "external_id",
    )
    list_select_related = ("department", "current_role", "manager")
    list_filter = (
        "status",
        "department",
        "location",
        ("current_role__family", admin.RelatedOnlyFieldListFilter),
        "current_role__is_key_position",
    )
    search_fields = ("full_name", "work_email", "external_id", "user__email")
    autocomplete_fields = ("user", "department", "current_role", "manager")
    readonly_fields = ("public_id", "path", "depth")
    fieldsets = (
        (None, {"fields": ("full_name", "work_email", "user", "external_id", "public_id")}),
        ("Position", {"fields": ("department", "current_role", "manager", "path", "depth")}),
        ("Employment", {"fields": ("status", "hire_date", "location", "timezone")}),
    )

    def save_model(self, request: HttpRequest, obj: Employee, form: Any, change: bool) -> None:
        if change:
            self._save_changes(obj, form)
        else:
            self._create(obj, form)

    def _create(self, obj: Employee, form: Any) -> None:
        fields = dict(form.cleaned_data)
        created = employee_create(
            full_name=fields.pop("full_name"),
            work_email=fields.pop("work_email"),
            manager=fields.pop("manager"),
            **fields,
        )
        # The admin logs and redirects with ``obj``: make it the row the service saved.
        obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
        obj.public_id, obj.work_email = created.public_id, created.work_email
        obj._state.adding = False

    def _save_changes(self, obj: Employee, form: Any) -> None:
        # Never write path/depth from this (possibly stale) instance: a move elsewhere may
        # have rewritten them since the form was loaded.
        obj.save(update_fields=[name for name in form.changed_data if name != "manager"])
        if "manager" in form.changed_data:
            moved = employee_set_manager(employee=obj, manager=obj.manager)
            obj.path, obj.depth = moved.path, moved.depth


class ManagerRatingFilter(admin.SimpleListFilter):
    title = "manager rating"
    parameter_name = "manager_rated"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", "Rated by manager"), ("no", "Self rating only")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ("yes", "no"):
            return queryset.filter(manager_level__isnull=self.value() == "no")
        return queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the rating service writes, so that history stays complete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(SkillRating)
class SkillRatingAdmin(ReadOnlyAdmin):
    list_display = (
        "employee",
        "skill",
        "self_level",
        "manager_level",
        "manager_rated_by",
        "self_rated_at",
        "manager_rated_at",
    )
    list_select_related = ("employee", "skill", "manager_rated_by")
    list_filter = (
        ("skill__category", admin.RelatedOnlyFieldListFilter),
        ManagerRatingFilter,
        "self_level",
        "manager_level",
        ("employee__department", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("employee__full_name", "employee__work_email", "skill__name")


@admin.register(SkillRatingHistory)
class SkillRatingHistoryAdmin(ReadOnlyAdmin):
    """Append-only: not even a superuser may delete a row from the history."""

    list_display = ("employee", "skill", "source", "level", "rated_by", "rated_at")
    list_select_related = ("employee", "skill", "rated_by")
    list_filter = ("source", "level", ("skill__category", admin.RelatedOnlyFieldListFilter))
    search_fields = ("employee__full_name", "employee__work_email", "skill__name")
    date_hierarchy = "rated_at"

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class InvitationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(s, s.title()) for s in ("pending", "accepted", "revoked", "expired")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        now = timezone.now()
        value = self.value()
        if value == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        unanswered = queryset.filter(accepted_at__isnull=True)
        if value == "revoked":
            return unanswered.filter(revoked_at__isnull=False)
        if value == "expired":
            return unanswered.filter(revoked_at__isnull=True, expires_at__lte=now)
        if value == "pending":
            return unanswered.filter(revoked_at__isnull=True, expires_at__gt=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "employee", "status_display", "invited_by", "created_at", "expires_at")
    list_select_related = ("employee", "invited_by")
    list_filter = (InvitationStatusFilter, "created_at")
    search_fields = ("email", "employee__full_name", "employee__work_email")
    autocomplete_fields = ("employee",)
    readonly_fields = (
        "public_id",
        "status_display",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
    )
    fields = (
        "employee",
        "email",
        "status_display",
        "expires_at",
        "revoked_at",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
        "public_id",
    )

    @admin.display(description="status")
    def status_display(self, obj: Invitation) -> str:
        return obj.status.title() if obj.pk else "—"

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        if not change and isinstance(request.user, User):  # the admin is always signed in
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)
