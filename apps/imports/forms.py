"""The upload form. What a file may be (size, kind, full sync) is ``services.job_create``'s
rule; the form only collects the fields, and the service's refusals stand beside them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.imports.kinds import KINDS
from apps.imports.services import MAX_UPLOAD_BYTES
from careermap.forms import choice_field


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    # Empty files pass here so that the service says why it refuses them, in its words.
    file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,
        help_text=format_lazy(
            gettext_lazy(
                "A CSV (UTF-8) or XLSX file, at most {size} MB; a .zip for ESCO and O*NET; "
                "JSON or YAML for a career ladder."
            ),
            size=MAX_UPLOAD_BYTES // 2**20,
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.zip,.txt,.json,.yaml,.yml"}),
    )
    full_sync = forms.BooleanField(
        label=gettext_lazy("Full sync: active people missing from the file become leavers"),
        required=False,
        help_text=gettext_lazy(
            "Only for employee files. Leavers are never deleted; their accounts close."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose…")), *((kind.key, kind.label) for kind in KINDS.values())]
        choice_field(self, "kind").choices = choices


def options_forms(
    data: QueryDict | None, files: MultiValueDict[str, Any] | None = None
) -> dict[str, forms.Form]:
    """Each kind's own upload options, by kind key; their fields are prefixed with the key so
    that several kinds' options live on one page. Only the chosen kind's form is bound: the
    others' are not part of this upload, and must not show errors."""
    chosen = data.get("kind") if data is not None else None
    found = {}
    for kind in KINDS.values():
        if kind.options_form is None:
            continue
        bound = kind.key == chosen
        found[kind.key] = kind.options_form(
            data if bound else None, files if bound else None, prefix=kind.key
        )
    return found
