"""Every form field renders through the form renderer, wired for assistive technology."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.test.html import Element, parse_html
from pytest_django.asserts import assertInHTML

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# components/form_field.html and form_fields.html are the renderer's templates: a page that
# includes them by hand gets a second way to draw a field that can drift from the first.
FIELD_TEMPLATE_INCLUDE = re.compile(r"""\{%\s*include\s+["']components/form_fields?\.html["']""")


class _GoalForm(forms.Form):
    title = forms.CharField(help_text="What will be true when you are done?")
    notes = forms.CharField(required=False)
    done = forms.BooleanField(required=False)
    due = forms.DateField()
    skills = forms.MultipleChoiceField(
        choices=[("sql", "SQL"), ("coaching", "Coaching")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def _submitted() -> _GoalForm:
    """The form posted with a valid title and a date that is not a date."""
    form = _GoalForm(data={"title": "Lead a project", "due": "not a date"})
    form.is_valid()
    return form


def _attributes(html: str, element_id: str) -> dict[str, str | None]:
    """The attributes of the element with this id in rendered HTML."""
    elements: list[Element] = [parse_html(html)]
    while elements:
        element = elements.pop()
        attributes = dict(element.attributes)
        if attributes.get("id") == element_id:
            return attributes
        elements += [child for child in element.children if isinstance(child, Element)]
    raise AssertionError(f"no element with id {element_id!r}")


def test_no_template_includes_the_field_templates() -> None:
    includes = [
        str(path.relative_to(TEMPLATES_DIR))
        for path in sorted(TEMPLATES_DIR.rglob("*"))
        if path.is_file() and FIELD_TEMPLATE_INCLUDE.search(path.read_text())
    ]

    assert includes == [], "render {{ field.as_field_group }} or {{ form }} instead"


def test_it_ties_a_required_fields_label_and_help_to_its_input() -> None:
    html = _GoalForm()["title"].as_field_group()

    assertInHTML('<label class="field__label" for="id_title">Title</label>', html)
    assertInHTML(
        '<div class="field__help" id="id_title_helptext">'
        "What will be true when you are done?</div>",
        html,
    )
    title = _attributes(html, "id_title")
    assert "required" in title
    assert title["aria-describedby"] == "id_title_helptext"
    assert "(optional)" not in html


def test_it_marks_an_optional_field_in_its_label() -> None:
    html = _GoalForm()["notes"].as_field_group()

    assertInHTML(
        '<label class="field__label" for="id_notes">'
        'Notes <span class="field__optional">(optional)</span></label>',
        html,
    )
    assert "aria-describedby" not in _attributes(html, "id_notes")


def test_it_puts_a_checkbox_before_its_label() -> None:
    html = _GoalForm()["done"].as_field_group()

    assert 'class="field field--check"' in html
    assert _attributes(html, "id_done")["type"] == "checkbox"
    assertInHTML('<label class="field__label" for="id_done">Done</label>', html)
    assert html.index('id="id_done"') < html.index('for="id_done"')


def test_it_wires_an_invalid_fields_error_to_its_input() -> None:
    html = _submitted()["due"].as_field_group()

    assert 'class="field field--error"' in html
    assertInHTML('<label class="field__label" for="id_due">Due</label>', html)
    assertInHTML(
        '<ul class="field__error" id="id_due_error"><li>Enter a valid date.</li></ul>', html
    )
    due = _attributes(html, "id_due")
    assert due["aria-invalid"] == "true"
    assert "id_due_error" in (due["aria-describedby"] or "").split()


def test_it_groups_a_choice_of_checkboxes_in_a_fieldset_with_a_legend() -> None:
    html = _GoalForm()["skills"].as_field_group()

    assert html.startswith('<fieldset class="field">')
    assertInHTML(
        '<legend class="field__label">'
        'Skills <span class="field__optional">(optional)</span></legend>',
        html,
    )
    assert _attributes(html, "id_skills_0")["name"] == "skills"


def test_it_renders_a_hidden_field_as_its_bare_input() -> None:
    form = _GoalForm()

    assert form["token"].as_field_group() == str(form["token"])


def test_it_renders_a_whole_form_as_its_errors_then_every_field() -> None:
    form = _submitted()
    form.add_error(None, "Check the dates.")

    html = str(form)

    assertInHTML(
        '<div class="alert alert--danger" role="alert">'
        '<div class="alert__body"><p>Check the dates.</p></div></div>',
        html,
    )
    for field in form:
        assertInHTML(field.as_field_group(), html)
