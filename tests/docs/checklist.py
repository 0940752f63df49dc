"""The README's installation checklist, read from the README itself.

Each fenced block of the checklist follows an HTML comment that says what to do with it:
``<!-- checklist: install -->`` (the packages to install), ``<!-- checklist: run -->`` (shell
commands, run in order), ``<!-- checklist: <path> append -->``, ``... replace -->`` or
``... create -->`` (the block's text added to the end of that file of the project, written over it,
or written as a new file) and ``<!-- checklist: serve -->`` (the command that serves the project).
The blocks are used as they are written, so the test that builds a project from them tests what
a reader pastes.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARKER = re.compile(
    r"^[ \t]*<!-- checklist: (?P<what>[^>]*?) -->[ \t]*\n"
    r"(?P<indent>[ \t]*)```[a-z]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)
FILE_MODES = ("append", "replace", "create")


@dataclass(frozen=True)
class Block:
    """One marked block: ``kind`` is install, run, serve or file (then ``path`` and ``mode``)."""

    kind: str
    text: str
    path: str = ""
    mode: str = ""


def parse(text: str) -> list[Block]:
    """Every marked block of ``text``, in order, dedented out of its list item."""
    blocks = []
    for match in MARKER.finditer(text):
        what = match["what"].split()
        body = textwrap.dedent(match["body"])
        if what in (["install"], ["run"], ["serve"]):
            blocks.append(Block(what[0], body))
        elif len(what) == 2 and what[1] in FILE_MODES:
            blocks.append(Block("file", body, path=what[0], mode=what[1]))
        else:
            raise ValueError(f"unknown checklist marker: {match['what']!r}")
    return blocks


def readme_blocks() -> list[Block]:
    return parse(README.read_text())


def commands(block: Block) -> list[list[str]]:
    """The commands of a shell block: one per line, ``&&`` chains split, comments dropped."""
    found = []
    for line in block.text.splitlines():
        line = line.split("#", 1)[0].strip()
        for part in filter(None, (p.strip() for p in line.split("&&"))):
            found.append(shlex.split(part))
    return found


def apply_file(project: Path, block: Block) -> None:
    """Write a file block into ``project``: a new file, a whole file, or text at its end."""
    target = project / block.path
    if block.mode == "create":
        assert not target.exists(), f"{block.path} already exists; the README says 'create'"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.text)
    elif block.mode == "replace":
        assert target.exists(), f"{block.path} does not exist; the README says 'replace'"
        target.write_text(block.text)
    else:
        assert target.exists(), f"{block.path} does not exist; the README says 'append'"
        target.write_text(target.read_text().rstrip("\n") + "\n\n" + block.text)


def install_requirements(block: Block) -> list[str]:
    """The requirement strings of the install block's ``pip install`` command."""
    for command in commands(block):
        if command[:4] == ["python", "-m", "pip", "install"]:
            return [arg for arg in command[4:] if not arg.startswith("-")]
    raise AssertionError(f"no `python -m pip install` in {block.text!r}")
