"""Fill CellDeck's Qt translation files from the catalogue in tools/translation_catalog.py.

    python3 tools/fill_translations.py resources/translations/celldeck_nl.ts ...

Run by ``python3 dev.py translations`` between pyside6-lupdate (which collects every
tr() text into the .ts files, new ones marked unfinished) and pyside6-lrelease. The
catalogue is the source of truth: a message it knows gets its translation (and loses
``type="unfinished"``) every time, so the step can be re-run after any lupdate; a message
it does not know is left as lupdate wrote it and listed, for someone to add to the
catalogue. A translation that loses one of its source's %1 places or line breaks is
refused, since the screen would then show a raw "%1" or lose a line.

Standard library only: dev.py runs it with the system Python before any .venv exists.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tools`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.translation_catalog import CATALOG, IN_CONTEXT, LANGUAGE_COLUMN

PLACE = re.compile(r"%\d+")


@dataclass
class FillReport:
    """What one .ts file got: how many messages, how many filled, which are missing."""

    path: Path
    language: str
    messages: int = 0
    filled: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)


class TranslationProblem(ValueError):
    """A catalogue entry that would break its message on screen."""


def check_translation(source: str, translation: str) -> str | None:
    """Why ``translation`` cannot stand for ``source``, or None when it can."""
    if not translation.strip():
        return "is empty"
    wanted, found = sorted(PLACE.findall(source)), sorted(PLACE.findall(translation))
    if wanted != found:
        return f"has places {found}, the source {wanted}"
    breaks = source.count("\n"), translation.count("\n")
    if breaks[0] != breaks[1]:
        return f"has {breaks[1]} line breaks, the source {breaks[0]}"
    return None


def translation_for(language: str, context: str, source: str) -> str | None:
    """The catalogue's translation of one message, or None if it has none."""
    column = LANGUAGE_COLUMN[language]
    entry = IN_CONTEXT.get((context, source)) or CATALOG.get(source)
    return None if entry is None else entry[column]


def fill_file(path: Path) -> FillReport:
    tree = ET.parse(path)
    root = tree.getroot()
    language = root.get("language", "").split("_")[0]
    if language not in LANGUAGE_COLUMN:
        raise TranslationProblem(f"{path}: no catalogue column for language {language!r}")
    report = FillReport(path, language)
    problems: list[str] = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            element = message.find("translation")
            if element is None:
                element = ET.SubElement(message, "translation")
            report.messages += 1
            wanted = translation_for(language, name, source)
            if wanted is None:
                report.missing.append((name, source))
                continue
            problem = check_translation(source, wanted)
            if problem is not None:
                problems.append(f"{language} [{name}] {source!r}: {wanted!r} {problem}")
                continue
            element.text = wanted
            element.attrib.pop("type", None)
            report.filled += 1
    if problems:
        raise TranslationProblem("\n".join(problems))
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return report


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    incomplete = False
    for name in argv:
        report = fill_file(Path(name))
        print(
            f"{report.path.name}: {report.filled} of {report.messages} messages translated "
            f"({report.language})"
        )
        for context, source in report.missing:
            incomplete = True
            print(f"  not in tools/translation_catalog.py: [{context}] {source!r}")
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
