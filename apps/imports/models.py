"""Imports: one ImportJob per uploaded file, from upload through check to write.

The file itself is kept on the job (``data``): the web process receives it and a Celery
worker, perhaps on another machine, checks and writes it, so the database is the one place
both can read. Nothing from the file is written to the organisation until HR confirms; the
write re-checks the file against the database as it is then, all or nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from careermap.fields import ChoiceLabels, public_id_field


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    READY = "ready", _("Checked: ready to import")
    INVALID = "invalid", _("Checked: problems to fix")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Could not be imported")
    CANCELLED = "cancelled", _("Cancelled")


# A job in these states has work going on: its page polls for progress.
RUNNING = (JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.WRITING)


class ImportJob(ChoiceLabels):
    public_id = public_id_field()
    kind = models.CharField(max_length=30, help_text="A key of apps.imports.kinds.KINDS.")
    file_name = models.CharField(max_length=255)
    data = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(default=0)
    full_sync = models.BooleanField(
        default=False, help_text="People missing from the file become leavers (employees only)."
    )
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    # What the progress bar says: the phase, and how far through it the work is.
    phase = models.CharField(max_length=120, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True, help_text="Why the job failed, in plain words.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        """How far the current phase is, 0-100 (0 while the total is not known yet)."""
        if not self.progress_total:
            return 0
        return min(100, 100 * self.progress_done // self.progress_total)


class ImportIssue(models.Model):
    """One problem found in the file: its row as a spreadsheet numbers it (the header is row 1;
    0 is the file as a whole), the column, and a plain reason."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=80, blank=True)
    message = models.CharField(max_length=300)

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "row"], name="import_issue_job_row")]

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"
