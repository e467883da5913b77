"""Model field conventions every app shares: opaque public ids and the sizes of free text."""

from __future__ import annotations

import uuid

from django.db import models

# Free-text limits: a title or one line, a paragraph, and a journal entry.
SHORT = 200
MEDIUM = 1000
LONG = 4000


def public_id_field() -> models.UUIDField:
    """The id a URL shows (healthchecks' ``<uuid:code>``): records are never enumerable."""
    return models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
