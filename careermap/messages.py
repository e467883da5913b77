"""Refresh the translation catalogue: `python -m careermap.messages` (or `make messages`).

Collects every marked string (makemessages), takes German translations from the catalogue
itself and from any files in locale/de/fragments/ (one per piece of work in flight, so
parallel branches never edit the same catalogue), then compiles the .mo that is committed,
so neither tests nor production need gettext's tools. Prints what is still untranslated.
"""

from __future__ import annotations

import shutil
import subprocess  # nosec B404: gettext's own tools, fixed arguments
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
LOCALE = BASE / "locale"
IGNORE = [".venv/*", ".data/*", "staticfiles/*", "tests/*", "bench/*", "node_modules/*", "docs/*"]


def run(*args: str) -> None:
    subprocess.run(args, cwd=BASE, check=True)  # nosec B603: fixed commands, no shell


def fold_fragments(catalogue: Path) -> None:
    """Fill empty translations from the fragments (first fragment wins on a conflict).

    The catalogue's own translations come first, then the fragments; msgmerge then takes
    each of the catalogue's msgids from that list. (msgmerge's --compendium would be
    simpler, but gettext 0.21 does not fill plural entries from a compendium.)
    """
    fragments = sorted((LOCALE / "de" / "fragments").glob("*.po"))
    if not fragments:
        return
    translated = catalogue.with_suffix(".translated")
    compendium = catalogue.with_suffix(".compendium")
    run(
        "msgattrib",
        "--force-po",
        "--translated",
        "--no-obsolete",
        "-o",
        str(translated),
        str(catalogue),
    )
    run(
        "msgcat",
        "--force-po",
        "--use-first",
        "-o",
        str(compendium),
        str(translated),
        *map(str, fragments),
    )
    run(
        "msgmerge",
        "--quiet",
        "--no-fuzzy-matching",
        "--no-location",
        "-o",
        str(catalogue),
        str(compendium),
        str(catalogue),
    )
    run("msgattrib", "--force-po", "--no-obsolete", "-o", str(catalogue), str(catalogue))
    translated.unlink()
    compendium.unlink()


def untranslated(catalogue: Path) -> str:
    out = subprocess.run(  # nosec B603 B607
        ["msgattrib", "--untranslated", "--no-obsolete", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out


def main() -> int:
    if not shutil.which("msgmerge"):
        print("make messages needs gettext's tools: apt-get install -y gettext")
        return 1
    manage = [sys.executable, "manage.py"]
    ignores = [arg for pattern in IGNORE for arg in ("--ignore", pattern)]
    run(*manage, "makemessages", "-l", "de", "--no-location", "--no-obsolete", *ignores)
    run(
        *manage,
        "makemessages",
        "-d",
        "djangojs",
        "-l",
        "de",
        "--no-location",
        "--no-obsolete",
        *ignores,
    )
    for domain in ("django", "djangojs"):
        catalogue = LOCALE / "de" / "LC_MESSAGES" / f"{domain}.po"
        if catalogue.exists():
            # makemessages guesses a translation for a new string from a similar old one and
            # marks it fuzzy (never compiled, often wrong): empty those, so the fragments fill
            # them and the count below shows what is really missing.
            run(
                "msgattrib",
                "--force-po",
                "--clear-fuzzy",
                "--empty",
                "-o",
                str(catalogue),
                str(catalogue),
            )
            fold_fragments(catalogue)
            missing = untranslated(catalogue)
            count = missing.count('\nmsgid "') - (1 if missing else 0)
            print(f"{domain}.po: {max(count, 0)} untranslated")
    run(*manage, "compilemessages", "-l", "de", *ignores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
