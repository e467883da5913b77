"""The audit log of confidential talent data: HR reads it, nobody edits it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from apps.accounts.models import User
from apps.succession import access
from apps.succession.forms.reviews import AuditFilterForm
from apps.succession.models import AuditLog
from careermap.web import AuthedHttpRequest, render_page, require

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Entry:
    log: AuditLog
    record: str
    changes: list[Change]


def _record_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return label


def _changes(log: AuditLog) -> list[Change]:
    before, after = log.before or {}, log.after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(key, before.get(key), after.get(key)) for key in keys]


def _filtered(logs: QuerySet[AuditLog], form: AuditFilterForm) -> QuerySet[AuditLog]:
    if not form.is_valid():
        return logs
    data = form.cleaned_data
    if data["actor"]:
        logs = logs.filter(actor=data["actor"])
    if data["object_type"]:
        logs = logs.filter(object_type=data["object_type"])
    if data["action"]:
        logs = logs.filter(action=data["action"])
    zone = timezone.get_current_timezone()
    if data["since"]:
        logs = logs.filter(at__gte=datetime.combine(data["since"], time.min, zone))
    if data["until"]:
        logs = logs.filter(at__lte=datetime.combine(data["until"], time.max, zone))
    return logs


def _filter_form(request: AuthedHttpRequest, logs: QuerySet[AuditLog]) -> AuditFilterForm:
    """The filters offer only the people and kinds of record the log holds."""
    labels = logs.order_by("object_type").values_list("object_type", flat=True).distinct()
    return AuditFilterForm(
        request.GET or None,
        actors=User.objects.filter(pk__in=logs.values("actor")).order_by("name", "email"),
        object_types=[(label, _record_name(label)) for label in labels],
    )


@require(access.is_hr)
def audit_log(request: AuthedHttpRequest) -> HttpResponse:
    logs = access.audit_visible_to(request.user)
    form = _filter_form(request, logs)
    page = Paginator(_filtered(logs, form).select_related("actor"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [Entry(log, _record_name(log.object_type), _changes(log)) for log in page.object_list]
    context = {"form": form, "page": page, "entries": entries, "nav_active": "talent"}
    return render_page(request, "succession/audit.html", context)
