"""Admin for talent and succession data.

Changes made here bypass the services, so the admin writes the audit rows itself; calibration
history and the audit log are append-only and read-only here. Like every page, the admin never
shows staff confidential data about themselves (``NotAboutYou``): their own rating, the plans
on their seat or slate, the audit rows about them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from apps.employees.access import viewer_employee
from apps.succession.audit import audit, snapshot
from apps.succession.models import (
    AuditAction,
    AuditLog,
    CalibrationMove,
    DemandPlan,
    NineBoxCell,
    SuccessionPlan,
    SuccessorCandidate,
    TalentRating,
    TalentReview,
)


def _fields(obj: models.Model) -> list[str]:
    return [field.name for field in obj._meta.concrete_fields if field.name != "id"]


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete through the admin lands in the audit log too."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            before = None
            if change:
                stored = type(obj)._default_manager.filter(pk=obj.pk).first()
                before = snapshot(stored, _fields(stored)) if stored else None
            super().save_model(request, obj, form, change)
            audit(
                actor=request.user,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                obj=obj,
                summary=f"{'Changed' if change else 'Added'} {obj} in the admin",
                before=before,
                after=snapshot(obj, _fields(obj)),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            self._audit_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._audit_delete(request, obj)
            super().delete_queryset(request, queryset)

    def _audit_delete(self, request: HttpRequest, obj: Any) -> None:
        audit(
            actor=request.user,
            action=AuditAction.DELETE,
            obj=obj,
            summary=f"Deleted {obj} in the admin",
            before=snapshot(obj, _fields(obj)),
        )


def _about(model: type[models.Model], employee_id: int) -> models.Q:
    """The rows of ``model`` that are confidential about the employee."""
    plans = SuccessionPlan.objects.about(employee_id).values("pk")
    confidential: dict[type[models.Model], models.Q] = {
        TalentRating: models.Q(employee_id=employee_id),
        CalibrationMove: models.Q(rating__employee_id=employee_id),
        SuccessionPlan: models.Q(pk__in=plans),
        SuccessorCandidate: models.Q(plan__in=plans),
        AuditLog: AuditLog.objects.about_q(employee_id),
    }
    return confidential.get(model, models.Q(pk__in=[]))


class NotAboutYou(admin.ModelAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        me = viewer_employee(request.user)
        return rows.exclude(_about(self.model, me.pk)) if me is not None else rows


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TalentReview)
class TalentReviewAdmin(AuditedAdmin):
    list_display = ("name", "opens_on", "closes_on", "status", "created_by")
    list_select_related = ("created_by",)
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("public_id",)


@admin.register(TalentRating)
class TalentRatingAdmin(NotAboutYou, AuditedAdmin):
    list_display = (
        "employee",
        "review",
        "performance",
        "potential",
        "calibrated_performance",
        "calibrated_potential",
        "rated_by",
    )
    list_select_related = ("employee", "review", "rated_by")
    list_filter = ("review", "performance", "potential")
    search_fields = ("employee__full_name", "employee__work_email")
    raw_id_fields = ("employee",)
    readonly_fields = ("public_id",)


@admin.register(CalibrationMove)
class CalibrationMoveAdmin(NotAboutYou, ReadOnlyAdmin):
    list_display = (
        "rating",
        "from_performance",
        "from_potential",
        "to_performance",
        "to_potential",
        "moved_by",
        "moved_at",
    )
    list_select_related = ("rating__employee", "rating__review", "moved_by")
    search_fields = ("rating__employee__full_name", "reason")


@admin.register(NineBoxCell)
class NineBoxCellAdmin(AuditedAdmin):
    list_display = ("name", "performance", "potential", "description")
    search_fields = ("name",)


@admin.register(SuccessionPlan)
class SuccessionPlanAdmin(NotAboutYou, AuditedAdmin):
    list_display = ("role", "incumbent", "risk_of_loss", "impact_of_loss", "reviewed_at")
    list_select_related = ("role", "incumbent")
    list_filter = ("risk_of_loss", "impact_of_loss")
    search_fields = ("role__title", "incumbent__full_name")
    raw_id_fields = ("incumbent",)
    filter_horizontal = ("shared_with",)
    readonly_fields = ("public_id",)


@admin.register(SuccessorCandidate)
class SuccessorCandidateAdmin(NotAboutYou, AuditedAdmin):
    list_display = ("employee", "plan", "readiness", "emergency_cover", "rank")
    list_select_related = ("employee", "plan__role", "plan__incumbent")
    list_filter = ("readiness", "emergency_cover")
    search_fields = ("employee__full_name", "plan__role__title")
    raw_id_fields = ("employee", "plan")
    readonly_fields = ("public_id",)


@admin.register(DemandPlan)
class DemandPlanAdmin(AuditedAdmin):
    list_display = ("role", "headcount", "needed_by", "created_by")
    list_select_related = ("role", "created_by")
    search_fields = ("role__title",)
    readonly_fields = ("public_id",)


@admin.register(AuditLog)
class AuditLogAdmin(NotAboutYou, ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_select_related = ("actor",)
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id", "actor__email")
    date_hierarchy = "at"
