"""Forms of the "Development & network" tab. The rules live in services/plan.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.careermaps.forms import widgets as inputs
from apps.careermaps.forms.widgets import LongSelect
from apps.careermaps.models import ActionKind, ActionStatus, DevelopmentAction, NetworkContact
from apps.careermaps.services.plan import Catalogue
from apps.learning.forms import AddToPlanForm
from apps.learning.models import LearningResource
from apps.skills.models import Skill
from careermap.forms import DateField, choice_field
from careermap.versioning import VersionedForm

Choices = list[tuple[Any, Any]]
MINUS = "\u2212"  # a typographic minus sign, as in the gap view


class DateInput(inputs.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _id_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def skill_choices(catalogue: Catalogue) -> Choices:
    """The target role's gaps first ("Skill (gap -2)" with a true minus), then other skills."""
    gap_ids = {gap.skill_id for gap in catalogue.gaps}
    choices: Choices = [("", _("No particular skill"))]
    if catalogue.gaps:
        choices.append(
            (
                _("Your skill gaps for the target role"),
                [
                    (
                        gap.skill_id,
                        _("%(skill)s (gap %(gap)s)")
                        % {"skill": gap.skill_name, "gap": f"{MINUS}{gap.gap}"},
                    )
                    for gap in catalogue.gaps
                ],
            )
        )
    others = [(skill.pk, skill.name) for skill in catalogue.skills if skill.pk not in gap_ids]
    if others:
        choices.append((_("Other skills") if catalogue.gaps else _("Skills"), others))
    return choices


def _resource_label(resource: LearningResource) -> str:
    provider = f" · {resource.provider}" if resource.provider else ""
    return f"{resource.title}{provider} ({resource.get_kind_display().lower()})"


def resource_choices(catalogue: Catalogue, skill_id: int | None) -> Choices:
    """Every resource; those that build ``skill_id`` come first."""
    choices: Choices = [("", _("No learning resource"))]
    building = catalogue.resources_for(skill_id) if skill_id else []
    first = {resource.pk for resource in building}
    rest = [(r.pk, _resource_label(r)) for r in catalogue.resources if r.pk not in first]
    if building:
        skill = catalogue.skill(skill_id)
        name = skill.name if skill else _("this skill")
        choices.append(
            (
                _("Builds %(skill)s") % {"skill": name},
                [(r.pk, _resource_label(r)) for r in building],
            )
        )
        if rest:
            choices.append((_("Other resources"), rest))
    else:
        choices.extend(rest)
    return choices


class ActionForm(forms.Form):
    """The fields an action is added with. ``refresh_url`` re-sorts the resources by skill."""

    kind = forms.ChoiceField(choices=ActionKind.choices, widget=inputs.HiddenInput)
    title = forms.CharField(
        label=gettext_lazy("What will you do?"), max_length=400, widget=inputs.TextInput
    )
    detail = forms.CharField(
        label=gettext_lazy("Details"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    skill = forms.TypedChoiceField(
        label=gettext_lazy("Skill or gap it builds"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Your gaps for your target role come first."),
        widget=LongSelect,
    )
    resource = forms.TypedChoiceField(
        label=gettext_lazy("Learning resource"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=gettext_lazy("Resources that build the chosen skill come first."),
        widget=LongSelect,
    )
    due = DateField(label=gettext_lazy("Due"), required=False, widget=DateInput)

    def __init__(
        self, *args: Any, catalogue: Catalogue, refresh_url: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        choice_field(self, "skill").choices = skill_choices(catalogue)
        choice_field(self, "resource").choices = resource_choices(catalogue, self.chosen_skill_id)
        if refresh_url:
            self._refresh_resources_on_skill_change(refresh_url)

    @property
    def chosen_skill_id(self) -> int | None:
        if self.is_bound:
            return _id_or_none(self.data.get("skill"))
        return _id_or_none(self.initial.get("skill"))

    def _refresh_resources_on_skill_change(self, url: str) -> None:
        resource_id = self["resource"].auto_id
        self.fields["skill"].widget.attrs.update(
            {
                "hx-get": url,
                "hx-trigger": "change",
                "hx-include": f"#{resource_id}",
                "hx-select": f"#{resource_id}-field",
                "hx-target": f"#{resource_id}-field",
                "hx-swap": "outerHTML",
            }
        )

    def clean_skill(self) -> Skill | None:
        return self.catalogue.skill(self.cleaned_data["skill"])

    def clean_resource(self) -> LearningResource | None:
        return self.catalogue.resource(self.cleaned_data["resource"])


class ActionEditForm(VersionedForm, ActionForm):
    stale_headline = gettext_lazy(
        "This action changed since you opened it (in another tab, window or session)."
    )

    kind = forms.ChoiceField(label=gettext_lazy("Part of the plan"), choices=ActionKind.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatus.choices)
    evidence = forms.CharField(
        label=gettext_lazy("Evidence of completion"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Required when the status is Done: what you did and what shows it "
            "(a certificate, a link, a result)."
        ),
    )

    field_order = ["kind", "title", "detail", "skill", "resource", "due", "status", "evidence"]


def action_initial(action: DevelopmentAction) -> dict[str, Any]:
    return {
        "kind": action.kind,
        "title": action.title,
        "detail": action.detail,
        "skill": action.skill_id,
        "resource": action.resource_id,
        "due": action.due,
        "status": action.status,
        "evidence": action.evidence,
    }


class ContactForm(forms.ModelForm):
    class Meta:
        model = NetworkContact
        fields = ["name", "organisation", "how_they_help", "last_contact", "next_follow_up"]
        widgets = {
            "name": inputs.TextInput,
            "organisation": inputs.TextInput,
            "how_they_help": inputs.TextInput,
            "last_contact": DateInput,
            "next_follow_up": DateInput,
        }
        labels = {
            "name": gettext_lazy("Name"),
            "organisation": gettext_lazy("Organisation"),
            "how_they_help": gettext_lazy("How they can help"),
            "last_contact": gettext_lazy("Last contact"),
            "next_follow_up": gettext_lazy("Next follow-up"),
        }
        help_texts = {
            "next_follow_up": gettext_lazy(
                "When you plan to get back in touch (not before the last contact)."
            )
        }


class ContactEditForm(VersionedForm, ContactForm):
    """A contact already in the network: saved only if nobody saved it meanwhile."""

    stale_headline = gettext_lazy(
        "This contact changed since you opened it (in another tab, window or session)."
    )

    def __init__(self, data: Any = None, *, contact: NetworkContact, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"contact-{contact.public_id}-%s")
        # Bound, it validates on a copy: the page keeps showing what is stored.
        copy = NetworkContact(pk=contact.pk, career_map_id=contact.career_map_id)
        kwargs["instance"] = contact if data is None else copy
        super().__init__(data, version=contact.version, **kwargs)


def plan_form(resource: LearningResource, data: Any = None) -> AddToPlanForm:
    """ "Add to my plan" for one catalogue resource: which of its skills the action is for."""
    return AddToPlanForm(data, resource=resource, auto_id=f"plan-{resource.public_id}-%s")
