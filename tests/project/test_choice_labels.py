"""careermap.fields.ChoiceLabels answers ``get_FOO_display`` from a dict built once per field:
for every model, every choices field and every value it must answer exactly what Django's
own implementation answers, in English and in German, and for a value outside the choices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from careermap.fields import ChoiceLabels

# The user model keeps Django's (its choices fields are never displayed in a list).
DJANGO_DISPLAY = {"accounts.user"}


def _choice_fields() -> Iterator[tuple[type[models.Model], models.Field[Any, Any]]]:
    for model in apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        for field in model._meta.concrete_fields:
            if field.choices is not None:
                yield model, field


def _cases() -> list[Any]:
    return [
        pytest.param(model, field, id=f"{model._meta.label_lower}.{field.name}")
        for model, field in _choice_fields()
        if issubclass(model, ChoiceLabels)
    ]


def test_every_model_with_choices_uses_the_labels_dict() -> None:
    missing = sorted(
        model._meta.label_lower
        for model, _field in _choice_fields()
        if not issubclass(model, ChoiceLabels) and model._meta.label_lower not in DJANGO_DISPLAY
    )
    assert missing == []


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("model", "field"), _cases())
def test_display_matches_django(
    model: type[models.Model], field: models.Field[Any, Any], language: str
) -> None:
    display = getattr(model, f"get_{field.name}_display")
    values = [value for value, _label in field.flatchoices]
    assert values, "a choices field with no choices"
    unknown = 99 if isinstance(values[0], int) else "not-a-choice"
    with translation.override(language):
        for value in [*values, unknown, None]:
            instance = model()
            setattr(instance, field.attname, value)
            expected = models.Model._get_FIELD_display(instance, field)  # type: ignore[attr-defined]
            assert display(instance) == expected
            assert type(display(instance)) is type(expected)


def test_labels_follow_the_active_language() -> None:
    from apps.careermaps.models import Goal, GoalStatus

    goal = Goal(status=GoalStatus.ACHIEVED)
    with translation.override("en"):
        english = goal.get_status_display()
    with translation.override("de"):
        german = goal.get_status_display()
    assert english == "Achieved"
    assert german != english
