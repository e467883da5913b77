"""The import pages, HR's only (404 for everyone else): upload, follow, preview, confirm.

The work happens in Celery (``services`` queues it); the job page reads the job's state from
the database, so it can be left and opened again at any point. While the job runs, htmx asks
for the page's ``progress`` fragment every second; once the job has stopped running that
answer makes the browser load the whole page again, with the preview or the result.
"""

from __future__ import annotations

import mimetypes
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from apps.imports import access, downloads, services, tasks
from apps.imports.forms import UploadForm, options_forms
from apps.imports.invites import invitable
from apps.imports.kinds import KINDS, kind_for
from apps.imports.kinds.employees import KIND as EMPLOYEES
from apps.imports.labels import count_label
from apps.imports.models import ImportJob, JobStatus
from careermap.exports import csv_response, xlsx_response
from careermap.web import (
    AuthedHttpRequest,
    add_service_errors,
    posted,
    render_page,
    require,
    wants_fragment,
)

RECENT_JOBS = 25
STALLED_AFTER = timedelta(seconds=30)
ISSUES_SHOWN = 200  # the page's table; the workbook has every problem
CANCELLABLE = (JobStatus.QUEUED, JobStatus.READY, JobStatus.INVALID)  # as job_cancel allows


def _jobs(request: AuthedHttpRequest) -> QuerySet[ImportJob]:
    # The file itself stays in the database unless a view needs it.
    return access.jobs_visible_to(request.user).defer("data")


def _job(request: AuthedHttpRequest, public_id: UUID) -> ImportJob:
    jobs = _jobs(request).select_related("created_by", "confirmed_by")
    return get_object_or_404(jobs, public_id=public_id)


@require(access.is_hr)
def index(request: AuthedHttpRequest) -> HttpResponse:
    """The kinds of import with their templates, the upload form, and the recent imports."""
    form = UploadForm(posted(request), request.FILES or None)
    options = options_forms(posted(request), request.FILES or None)
    job = _upload(request, form, options) if request.method == "POST" else None
    if job is not None:
        return redirect("imports:job", public_id=job.public_id)
    context = {
        "form": form,
        "options": [(KINDS[key], option_form) for key, option_form in options.items()],
        "kinds": list(KINDS.values()),
        "jobs": [
            (job, kind_label(job.kind))
            for job in _jobs(request).select_related("created_by")[:RECENT_JOBS]
        ],
        "nav_active": "imports",
    }
    return render_page(request, "imports/index.html", context)


def _upload(
    request: AuthedHttpRequest, form: UploadForm, options: dict[str, Any]
) -> ImportJob | None:
    if not form.is_valid():
        return None
    kind = form.cleaned_data["kind"]
    option_form = options.get(kind)
    if option_form is not None and not option_form.is_valid():
        form.add_error(None, _("Check the options for this kind of file below."))
        return None
    upload = form.cleaned_data["file"]
    try:
        return services.job_create(
            kind=kind,
            file_name=upload.name,
            # One byte over the limit is enough for the service to refuse the file.
            data=upload.read(services.MAX_UPLOAD_BYTES + 1),
            actor=request.user,
            full_sync=form.cleaned_data["full_sync"],
            options=option_form.cleaned_data if option_form is not None else {},
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@require(access.is_hr)
@require_safe
def sample(request: AuthedHttpRequest, kind: str) -> HttpResponse:
    """A taxonomy or ladder kind's sample file (a zip for a bundle), to see the shape."""
    found = KINDS.get(kind)
    download = found.sample_file() if found is not None else None
    if download is None:
        raise Http404("No such sample")
    name, data = download
    response = HttpResponse(data, content_type=_content_type(name))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@require(access.is_hr)
@require_safe
def template(request: AuthedHttpRequest, kind: str, extension: str) -> HttpResponse:
    """A table kind's template: the header row and an example row (XLSX: and the columns)."""
    found = KINDS.get(kind)
    if found is None or not found.is_table or extension not in ("csv", "xlsx"):
        raise Http404("No such template")
    name = f"{found.key}-template.{extension}"
    if extension == "csv":
        return csv_response(name, *downloads.template_rows(found))
    return xlsx_response(name, *downloads.template_sheets(found))


@require(access.is_hr)
@require_safe
def job(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    the_job = _job(request, public_id)
    if wants_fragment(request) and not the_job.is_running:
        # The poll is over: the whole page shows the preview or the result.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context = {"job": the_job, "stalled": _stalled(the_job), "nav_active": "imports"}
    if not wants_fragment(request):
        context |= _results(the_job)
    return render_page(request, "imports/job.html", context, fragment="progress")


def _stalled(job: ImportJob) -> bool:
    """Queued for a while with no worker taking it: the worker is probably not running."""
    return job.status == JobStatus.QUEUED and timezone.now() - job.created_at > STALLED_AFTER


def _results(job: ImportJob) -> dict[str, Any]:
    issue_total = job.summary.get("errors", 0)
    return {
        "kind_label": kind_label(job.kind),
        "counts": _counts(job),
        "samples": _samples(job),
        "issues": list(job.issues.all()[:ISSUES_SHOWN]) if issue_total else [],
        "issue_total": issue_total,
        "invitable": _invitable_count(job),
        "can_confirm": job.status == JobStatus.READY,
        "can_cancel": job.status in CANCELLABLE,
    }


# The counts every kind has, in the order the page shows them.
COUNTS = ("create", "update", "unchanged", "leave")


def _counts(job: ImportJob) -> list[tuple[str, int]]:
    """The counts the page shows, in a fixed order; leavers only in a full sync."""
    if not job.summary:
        return []
    done = job.status == JobStatus.DONE
    shown = [(key, job.summary.get(key, 0)) for key in COUNTS if key != "leave" or job.full_sync]
    shown += job.summary.get("extra", {}).items()
    return [(count_label(key, done), n) for key, n in shown]


def _samples(job: ImportJob) -> list[tuple[str, list[str]]]:
    samples = job.summary.get("samples", {}) if job.summary else {}
    done = job.status == JobStatus.DONE
    return [(count_label(key, done), names) for key, names in samples.items() if names]


def _invitable_count(job: ImportJob) -> int:
    if job.kind != EMPLOYEES.key or job.status != JobStatus.DONE:
        return 0
    try:
        return invitable(job).count()
    except ValidationError:
        return 0


@require(access.is_hr)
@require_safe
def problems(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    """The file's rows with a Problems column beside each row that has one, and the list."""
    the_job = get_object_or_404(access.jobs_visible_to(request.user), public_id=public_id)
    if not the_job.summary.get("errors"):
        raise Http404("This import has no problems to download")
    stem = the_job.file_name.rsplit(".", 1)[0] or "import"
    return xlsx_response(f"{stem}-problems.xlsx", *downloads.problem_sheets(the_job))


@require(access.is_hr)
@require_POST
def confirm(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    the_job = _job(request, public_id)
    try:
        services.job_confirm(job=the_job, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:job", public_id=the_job.public_id)


@require(access.is_hr)
@require_POST
def cancel(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    the_job = _job(request, public_id)
    try:
        services.job_cancel(job=the_job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The import of %(name)s is cancelled.") % {"name": the_job.file_name}
        )
    return redirect("imports:job", public_id=the_job.public_id)


@require(access.is_hr)
@require_POST
def invite(request: AuthedHttpRequest, public_id: UUID) -> HttpResponse:
    """Queue the invitations of a finished employee import's people (a task: thousands take
    a while); the count is the one the button showed, as the task will find it."""
    the_job = _job(request, public_id)
    count = _invitable_count(the_job)
    if not count:
        messages.info(request, _("Everyone in this import can sign in or has an open invitation."))
        return redirect("imports:job", public_id=the_job.public_id)
    job_id, actor_id = the_job.pk, request.user.pk
    transaction.on_commit(lambda: tasks.invite_people.delay(job_id, actor_id))
    note = ngettext(
        "Inviting %(count)s person: the email goes out in a few minutes.",
        "Inviting %(count)s people: the emails go out in a few minutes.",
        count,
    )
    messages.success(request, note % {"count": count})
    return redirect("imports:job", public_id=the_job.public_id)


def kind_label(key: str) -> str:
    """A job's kind as people read it (a kind removed since shows its key)."""
    return str(kind_for(key).label) if key in KINDS else key
