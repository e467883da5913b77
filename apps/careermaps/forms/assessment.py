"""Forms of the self-assessment tab: ratings, about me, SWOT items and the career assessment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps import quiz
from apps.careermaps.forms.widgets import HiddenInput, LongSelect, RadioSelect, TextInput
from apps.careermaps.models import CareerMap, Quadrant, SwotItem
from apps.careermaps.services.assessment import EMPTY_ITEM, UNKNOWN_SKILL
from apps.skills.models import ProficiencyLevel
from careermap.forms import choice_field
from careermap.versioning import VersionedForm

LEVEL_MESSAGE = gettext_lazy("Choose a level from 0 (None) to 5 (Expert).")

SkillChoices = Sequence[tuple[Any, Any]]


class SelfRatingForm(forms.Form):
    """Rate one skill. The level radios carry the scale rows, so labels show the descriptors."""

    skill = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("Skill"),
        error_messages={
            "required": gettext_lazy("Choose a skill to rate."),
            "invalid_choice": UNKNOWN_SKILL,
        },
        widget=LongSelect,  # every skill in the taxonomy
    )
    level = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("Your level"),
        widget=RadioSelect,
        error_messages={"required": LEVEL_MESSAGE, "invalid_choice": LEVEL_MESSAGE},
    )

    def __init__(
        self,
        *args: Any,
        skill_choices: SkillChoices,
        scale: Sequence[ProficiencyLevel],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "rating-%s")
        super().__init__(*args, **kwargs)
        choice_field(self, "skill").choices = [("", _("Choose a skill…")), *skill_choices]
        choice_field(self, "level").choices = [(step.level, step) for step in scale]


class AboutForm(VersionedForm, forms.ModelForm):
    """Saves these five texts only (never the map's other fields), if the map is unchanged."""

    class Meta:
        model = CareerMap
        fields = ["strengths", "weaknesses", "values", "interests", "aspiration"]
        labels = {
            "strengths": gettext_lazy("Strengths"),
            "weaknesses": gettext_lazy("Areas to develop"),
            "values": gettext_lazy("Values"),
            "interests": gettext_lazy("Interests"),
            "aspiration": gettext_lazy("Long-term aspiration"),
        }
        help_texts = {
            "strengths": gettext_lazy("What you do well and what others come to you for."),
            "weaknesses": gettext_lazy("What you want to get better at."),
            "values": gettext_lazy("What matters most to you in your work."),
            "interests": gettext_lazy("The kinds of work and topics that draw you in."),
            "aspiration": gettext_lazy("Where you would like to be in five to ten years."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}

    def __init__(self, *args: Any, career_map: CareerMap, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "about-%s")
        # Bound, it validates on a blank instance: the view keeps showing what is stored.
        instance = CareerMap(pk=career_map.pk) if args else career_map
        super().__init__(*args, instance=instance, version=career_map.version, **kwargs)


class SwotAddForm(forms.Form):
    quadrant = forms.ChoiceField(choices=Quadrant.choices, widget=HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("New item"),
        widget=TextInput,
        max_length=SwotItem._meta.get_field("text").max_length,
        error_messages={"required": EMPTY_ITEM},
    )

    def __init__(self, *args: Any, quadrant: str, focus: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"swot-{quadrant}-%s")
        kwargs.setdefault("initial", {"quadrant": quadrant})
        super().__init__(*args, **kwargs)
        self.quadrant_key = quadrant
        if focus:  # htmx focuses it after the swap, ready for the next item
            self.fields["text"].widget.attrs["autofocus"] = True


class SwotEditForm(VersionedForm, forms.Form):
    stale_headline = gettext_lazy(
        "This item changed since you opened it (in another tab, window or session)."
    )
    text = forms.CharField(
        label=gettext_lazy("Edit the item"),
        widget=TextInput,
        max_length=SwotItem._meta.get_field("text").max_length,
        error_messages={"required": EMPTY_ITEM},
    )

    def __init__(self, *args: Any, item: SwotItem, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"swot-item-{item.public_id}-%s")
        kwargs.setdefault("initial", {"text": item.text})
        super().__init__(*args, version=item.version, **kwargs)


class QuizForm(forms.Form):
    """One radio group per statement; every one must be answered."""

    keep = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Keep this result on my map"),
        help_text=gettext_lazy(
            "Your managers and HR can read what is on your map. Untick to keep the "
            "result to yourself."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in quiz.QUESTIONS:
            self.fields[question.key] = forms.TypedChoiceField(
                coerce=int,
                choices=quiz.AGREEMENT,
                widget=forms.RadioSelect,
                label=f"{question.number}. {question.text}",
                error_messages={
                    "required": gettext_lazy("Answer this statement."),
                    "invalid_choice": gettext_lazy("Choose one of the five answers."),
                },
            )
        self.order_fields([q.key for q in quiz.QUESTIONS])

    @property
    def questions(self) -> list[forms.BoundField]:
        return [self[q.key] for q in quiz.QUESTIONS]

    @property
    def unanswered(self) -> list[forms.BoundField]:
        return [field for field in self.questions if field.errors] if self.is_bound else []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        missing = [q.number for q in quiz.QUESTIONS if q.key in self.errors]
        if missing:
            numbers = ", ".join(str(number) for number in missing)
            raise forms.ValidationError(
                _("Please answer every statement. Still to answer: %(numbers)s.")
                % {"numbers": numbers}
            )
        return cleaned

    @property
    def answers(self) -> dict[str, int]:
        return {q.key: self.cleaned_data[q.key] for q in quiz.QUESTIONS}
