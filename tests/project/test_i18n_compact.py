"""careermap/i18n.py folds each language's catalogues into one dict: every lookup must answer
exactly what Django's uncompacted translation answers, in English and in German."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils.translation import trans_real

from careermap.i18n import compact

CONTEXT = "\x04"


def _fresh(code: str) -> Any:
    """The translation Django builds, with no compacted one in its cache (German falls back
    to a freshly built English too)."""
    cache: Any = trans_real  # the module's private cache of built translations
    saved, cache._translations = cache._translations, {}
    try:
        return trans_real.translation(code)
    finally:
        cache._translations = saved


def _keys(translation: Any) -> Iterator[Any]:
    while translation is not None:
        yield from translation._catalog.keys()
        translation = translation._fallback


def _messages(translation: Any) -> tuple[set[str], set[str]]:
    """(every singular key, every plural msgid) of the chain, plus some no catalogue has."""
    singular, plural = {"No such message", "Overview", "ctx\x04No such message"}, {"%d item"}
    for key in _keys(translation):
        if isinstance(key, tuple):
            plural.add(key[0])
        else:
            singular.add(key)
    return singular, plural


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_every_lookup_answers_as_before(code: str) -> None:
    before, after = _fresh(code), _fresh(code)
    compact(after)
    singular, plural = _messages(before)
    assert len(singular) > 200  # our catalogue and Django's were read
    assert {m: after.gettext(m) for m in singular} == {m: before.gettext(m) for m in singular}
    for n in (0, 1, 2, 3, 5, 11, 21, 101):
        got = {m: after.ngettext(m, m + " (plural)", n) for m in plural | singular}
        assert got == {m: before.ngettext(m, m + " (plural)", n) for m in plural | singular}
    assert after._fallback is None
    assert len(after._catalog._catalogs) < len(before._catalog._catalogs)


def test_the_running_translations_are_compacted_and_translate() -> None:
    german: Any = trans_real.translation("de")
    assert german._fallback is None
    assert german.gettext("Overview") == _fresh("de").gettext("Overview") != "Overview"
    assert german.gettext(f"month name{CONTEXT}May") == _fresh("de").gettext(
        f"month name{CONTEXT}May"
    )
