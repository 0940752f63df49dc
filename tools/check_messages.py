"""Fails when the translation catalogues under django_dlwidget/locale are out of date.

Three checks per language:

* the .po lists exactly the strings the sources mark (``makemessages`` is run on a copy of the
  package and its entries are compared with the committed ones; headers and dates are ignored);
* every entry is translated: no empty ``msgstr``, no ``fuzzy`` flag;
* the committed .mo holds the same catalogue as the .po compiled afresh by ``msgfmt``.

Fix with ``make messages`` (then translate what it added) and commit the .po and .mo files.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "django_dlwidget"
LOCALE = PACKAGE / "locale"
MAKEMESSAGES = ("makemessages", "--all", "--no-location", "--no-obsolete", "-v0")

# (msgctxt, msgid, msgid_plural)
Key = tuple[str | None, str, str | None]


@dataclass
class Entry:
    strings: list[str]
    fuzzy: bool


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    out: list[str] = []
    chars = iter(body)
    for char in chars:
        if char == "\\":
            escaped = next(chars)
            out.append({"n": "\n", "t": "\t", "r": "\r"}.get(escaped, escaped))
        else:
            out.append(char)
    return "".join(out)


def parse_po(path: Path) -> dict[Key, Entry]:
    """The entries of a .po file (the header and obsolete ``#~`` entries left out)."""
    entries: dict[Key, Entry] = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        fuzzy = False
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current = line.split(" ", 1)[0]
                fields[current] = _unquote(line)
        if "msgid" not in fields or (fields["msgid"] == "" and "msgctxt" not in fields):
            continue
        key = (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"))
        strings = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
        entries[key] = Entry(strings, fuzzy)
    return entries


def parse_mo(data: bytes) -> dict[bytes, bytes]:
    """A compiled catalogue as original -> translation (the header under the empty original)."""
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])

    def string(table: int, index: int) -> bytes:
        length, offset = struct.unpack(
            order + "2I", data[table + 8 * index : table + 8 * index + 8]
        )
        return data[offset : offset + length]

    return {string(originals, index): string(translations, index) for index in range(count)}


def _fresh_catalogues(work: Path) -> Path:
    """Runs makemessages on a copy of the package (sources plus the committed .po files)."""
    copy = work / "django_dlwidget"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", *MAKEMESSAGES],
        cwd=copy,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    return copy / "locale"


def _describe(key: Key) -> str:
    context, msgid, _ = key
    return f"{msgid!r}" + (f" (context {context!r})" if context else "")


def check_language(language: str, fresh_locale: Path, work: Path) -> list[str]:
    problems: list[str] = []
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    committed = parse_po(po_path)
    fresh = parse_po(fresh_locale / language / "LC_MESSAGES" / "django.po")

    problems += [f"not in the .po: {_describe(key)}" for key in fresh.keys() - committed.keys()]
    problems += [f"no longer used: {_describe(key)}" for key in committed.keys() - fresh.keys()]
    for key, entry in committed.items():
        if entry.fuzzy:
            problems.append(f"fuzzy: {_describe(key)}")
        if not entry.strings or not all(entry.strings):
            problems.append(f"untranslated: {_describe(key)}")

    compiled = work / f"{language}.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po_path)], check=True)
    if not mo_path.exists():
        problems.append("the .mo file is missing")
    elif parse_mo(mo_path.read_bytes()) != parse_mo(compiled.read_bytes()):
        problems.append("the .mo does not match the .po")
    return [f"{language}: {problem}" for problem in problems]


def main() -> int:
    languages = sorted(path.name for path in LOCALE.iterdir() if path.is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fresh_locale = _fresh_catalogues(work)
        problems = [
            problem
            for language in languages
            for problem in check_language(language, fresh_locale, work)
        ]
    if problems:
        print("The translation catalogues are out of date:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            "Run 'make messages', translate what it added, and commit the .po and .mo files.",
            file=sys.stderr,
        )
        return 1
    print(f"catalogues match the sources ({', '.join(languages)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
