"""The product is translatable: no unmarked text in templates, and a complete German catalogue.

(a) every template the checker covers has no unmarked user-visible string (run one area with
    ``-k templates/<dir>``); (b) the German catalogue has no untranslated or fuzzy entry; (c) the
    committed .mo says what the .po says; (d) ``make messages`` would not change the .po.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess  # nosec B404: gettext's tools through careermap.messages, fixed arguments
import sys
from pathlib import Path

import pytest

from tests.project import i18n_check

BASE = Path(__file__).resolve().parents[2]
MESSAGES = BASE / "locale" / "de" / "LC_MESSAGES"
PO, MO = MESSAGES / "django.po", MESSAGES / "django.mo"

Entry = tuple[str | None, str, str | None, list[str], bool]  # ctx, id, plural, strs, fuzzy


@pytest.mark.parametrize(
    "template",
    i18n_check.templates(),
    ids=lambda path: str(path.relative_to(BASE)),
)
def test_templates_mark_every_visible_string(template: Path) -> None:
    problems = i18n_check.unmarked(template)
    assert not problems, "Unmarked strings:\n" + "\n".join(problems)


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(line: str) -> str:
    text = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text)


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file (obsolete ones left out), without the header."""
    entries: list[Entry] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = ""
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += _unquote(line)
                continue
            key = line.split(" ", 1)[0]
            fields[key] = _unquote(line)
        strs = [fields[k] for k in sorted(fields) if k.startswith("msgstr")]
        if fields["msgid"]:
            entries.append(
                (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"), strs, fuzzy)
            )
    return entries


def test_the_german_catalogue_is_complete() -> None:
    entries = parse_po(PO.read_text(encoding="utf-8"))
    untranslated = [msgid for _, msgid, _, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for _, msgid, _, _, is_fuzzy in entries if is_fuzzy]
    assert not untranslated, "Untranslated (run make messages, fill a fragment):\n" + "\n".join(
        untranslated
    )
    assert not fuzzy, "Fuzzy:\n" + "\n".join(fuzzy)


def test_the_committed_mo_matches_the_po() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    wrong = []
    for context, msgid, plural, strs, fuzzy in parse_po(PO.read_text(encoding="utf-8")):
        if fuzzy or not all(strs):
            continue
        if plural is not None:
            got = [compiled.npgettext(context, msgid, plural, n) if context else
                   compiled.ngettext(msgid, plural, n) for n in (1, 2)]  # fmt: skip
        else:
            got = [compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)]
        if got != strs:
            wrong.append(f"{msgid!r}: .po {strs!r}, .mo {got!r}")
    assert not wrong, "Run make messages: the .mo is stale:\n" + "\n".join(wrong)


def _without_dates(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "-Date:" not in line)


def test_make_messages_would_not_change_the_catalogue(tmp_path: Path) -> None:
    """In a copy of the sources, so the catalogue other tests read is never rewritten."""
    if not shutil.which("msgmerge"):
        pytest.skip("gettext's tools are not installed (apt-get install gettext)")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in ("apps", "careermap", "templates", "static", "locale"):
        shutil.copytree(BASE / name, tmp_path / name, ignore=ignore)
    shutil.copy(BASE / "manage.py", tmp_path / "manage.py")
    subprocess.run(  # nosec B603: this interpreter, a fixed module
        [sys.executable, "-m", "careermap.messages"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    fresh = (tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert _without_dates(fresh) == _without_dates(PO.read_text(encoding="utf-8")), (
        "make messages changes locale/de/LC_MESSAGES/django.po: run it and commit the result"
    )
