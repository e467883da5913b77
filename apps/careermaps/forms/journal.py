"""The reflection journal's forms: the guided prompts, and the share switch."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from apps.careermaps.models import CONFIDENCE_LABELS, Reflection


class ReflectionForm(forms.ModelForm):
    """The method's Reflection step, as questions: each field is one prompt."""

    confidence = forms.TypedChoiceField(
        label=gettext_lazy("How confident do you feel about reaching your goals?"),
        choices=[
            (value, format_lazy("{value} {label}", value=value, label=label))
            for value, label in CONFIDENCE_LABELS.items()
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how confident you feel, from 1 to 5.")},
    )

    class Meta:
        model = Reflection
        fields = ["progress", "went_well", "adjust", "confidence"]
        labels = {
            "progress": gettext_lazy("What progress have you made since your last reflection?"),
            "went_well": gettext_lazy("What went well?"),
            "adjust": gettext_lazy("What would you adjust or do differently next time?"),
        }
        help_texts = {
            "progress": (
                gettext_lazy(
                    "Think of your goals, milestones and development actions: "
                    "what moved forward, even a little?"
                )
            ),
            "went_well": gettext_lazy(
                "A success, feedback you received, a skill that felt easier."
            ),
            "adjust": (
                gettext_lazy(
                    "A goal to rethink, a habit to change, help to ask for. "
                    "You will see this again next time."
                )
            ),
        }
        error_messages = {
            "progress": {
                "required": gettext_lazy("Write a line or two about your progress since last time.")
            },
        }
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 4}),
            "went_well": forms.Textarea(attrs={"rows": 3}),
            "adjust": forms.Textarea(attrs={"rows": 3}),
        }


class ShareForm(forms.Form):
    """The desired state, so a repeated or stale click cannot flip an entry the wrong way."""

    shared = forms.TypedChoiceField(
        choices=[("1", gettext_lazy("Share")), ("0", gettext_lazy("Make private"))],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=None,
    )
