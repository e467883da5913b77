"""The notification preferences form: how often to reflect, and which reminders to receive."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from apps.careermaps.models import Cadence
from apps.notifications.models import KIND_HELP, Kind
from careermap.versioning import VersionedForm


def kind_field(kind: str) -> str:
    return f"kind_{kind}"


def _cadence_help(zone_name: str | None) -> str:
    if zone_name:
        return _(
            "When a reflection is due, a reminder arrives in the morning of your time zone "
            "(%(zone)s). “Off” also hides the due date on your journal."
        ) % {"zone": zone_name}
    return _(
        "When a reflection is due, a reminder arrives. "
        "“Off” also hides the due date on your journal."
    )


class PreferencesForm(VersionedForm, forms.Form):
    """The reminders, and the map's cadence (``map_version``: the map it was read from)."""

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[Kind],
        cadence: str | None,
        zone_name: str | None,
        map_version: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, version=map_version, **kwargs)
        self.kinds = list(kinds)
        if cadence is None:  # no map: nothing on this page is shared with another form
            del self.fields["version"]
        if cadence is not None:
            self.fields["reflection_cadence"] = forms.ChoiceField(
                label=_("How often do you want to reflect?"),
                choices=Cadence.choices,
                initial=cadence,
                help_text=_cadence_help(zone_name),
            )
        for kind in self.kinds:
            self.fields[kind_field(kind)] = forms.BooleanField(
                label=kind.label, help_text=KIND_HELP[kind], required=False
            )

    def enabled(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data[kind_field(kind)]) for kind in self.kinds}

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[kind_field(kind)] for kind in self.kinds]

    def compared_fields(self) -> list[str]:
        """Only the cadence lives on the map; the reminders are the person's own settings."""
        return [name for name in ("reflection_cadence",) if name in self.fields]
