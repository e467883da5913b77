"""Find user-visible text in templates that is not marked for translation.

`python -m tests.project.i18n_check [PATH ...]` lists what is left; tests/project/
test_translations.py fails on any of it. Text counts as marked when it sits inside
{% translate %} / {% blocktranslate %}; text nodes and the attributes people read or hear
(title, placeholder, aria-label, alt, aria-description, data-confirm) are checked.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.template.base import Lexer, TokenType

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Third-party overrides keep their own (already translated) wording and tags.
SKIP_DIRS = {"allauth", "account", "socialaccount"}
# Text nodes skipped: script/style bodies, HTML comments, entities, and the literal
# non-words a page shows (CSS units, separators, symbols).
_DROP = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1>|&#?\w+;", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_READ_ATTRS = re.compile(
    r"""\b(?:title|placeholder|aria-label|alt|aria-description|data-confirm)\s*=\s*("[^"]*"|'[^']*')""",
    re.I,
)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{2,}")
_BLOCK_OPEN = re.compile(r"^(blocktranslate|blocktrans|comment)\b")
_BLOCK_CLOSE = re.compile(r"^(endblocktranslate|endblocktrans|endcomment)\b")


def _visible(text: str) -> list[str]:
    """The pieces of one text token that a person reads."""
    text = _DROP.sub(" ", text)
    found = [value[1:-1] for value in _READ_ATTRS.findall(text)]
    found += _TAG.split(text)
    return [" ".join(piece.split()) for piece in found if _WORD.search(piece)]


def _open_tag_tail(text: str) -> bool:
    """True when a text token ends inside an open tag (attributes continue after a var)."""
    return text.rfind("<") > text.rfind(">")


def unmarked(path: Path) -> list[str]:
    """Each unmarked visible string in one template, with its line number."""
    source = path.read_text()
    depth = 0
    problems: list[str] = []
    inside_tag = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            if _BLOCK_OPEN.match(token.contents):
                depth += 1
            elif _BLOCK_CLOSE.match(token.contents):
                depth -= 1
            continue
        if token.token_type != TokenType.TEXT or depth:
            continue
        text = token.contents
        if inside_tag:
            # The rest of a tag begun before a {{ var }} or {% tag %}: attributes only.
            close = text.find(">")
            head, text = (text, "") if close < 0 else (text[: close + 1], text[close + 1 :])
            problems += [f"{path}:{token.lineno}: {s}" for s in _attr_texts("<" + head)]
            if close < 0:
                continue
        inside_tag = _open_tag_tail(text)
        if inside_tag:
            text, tail = text[: text.rfind("<")], text[text.rfind("<") :]
            problems += [f"{path}:{token.lineno}: {s}" for s in _attr_texts(tail)]
        problems += [f"{path}:{token.lineno}: {s}" for s in _visible(text)]
    return problems


def _attr_texts(fragment: str) -> list[str]:
    return [value[1:-1] for value in _READ_ATTRS.findall(fragment) if _WORD.search(value)]


def templates(paths: list[str] | None = None) -> list[Path]:
    roots = [Path(p).resolve() for p in paths] if paths else [TEMPLATES]
    found: list[Path] = []
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*.html"))
        files += [] if root.is_file() else sorted(root.rglob("*.txt"))
        found += [f for f in files if not SKIP_DIRS & set(f.relative_to(TEMPLATES).parts[:1])]
    return found


if __name__ == "__main__":
    total = 0
    for template in templates(sys.argv[1:]):
        for problem in unmarked(template):
            print(problem)
            total += 1
    print(f"{total} unmarked strings")
    raise SystemExit(1 if total else 0)
