"""The checklist reader, and the README's checklist read with it, without building a project."""

from __future__ import annotations

import pytest

from .checklist import Block, commands, install_requirements, parse, readme_blocks

SAMPLE = """\
1. Install:

   <!-- checklist: install -->
   ```sh
   python -m pip install pkg "other[extra]"   # a comment
   ```

2. Then:

   <!-- checklist: app/settings.py append -->
   ```python
   X = 1
       indented = "kept"
   ```

```python
unmarked = True
```
"""


def test_marked_blocks_are_read_in_order_and_dedented() -> None:
    assert parse(SAMPLE) == [
        Block("install", 'python -m pip install pkg "other[extra]"   # a comment\n'),
        Block("file", 'X = 1\n    indented = "kept"\n', path="app/settings.py", mode="append"),
    ]


def test_an_unknown_marker_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown checklist marker"):
        parse("<!-- checklist: app/x.py overwrite -->\n```python\nx\n```\n")


def test_shell_lines_are_split_into_commands() -> None:
    block = Block("run", "django-admin startproject s && cd s  # two\npython manage.py migrate\n")
    assert commands(block) == [
        ["django-admin", "startproject", "s"],
        ["cd", "s"],
        ["python", "manage.py", "migrate"],
    ]
    assert install_requirements(parse(SAMPLE)[0]) == ["pkg", "other[extra]"]


def test_the_readme_checklist_has_every_step() -> None:
    blocks = readme_blocks()
    files = {(block.path, block.mode): block.text for block in blocks if block.kind == "file"}
    assert [block.kind for block in blocks][:2] == ["install", "run"]
    assert blocks[-1].kind == "serve"
    settings = files["mysite/settings.py", "append"]
    for name in ("INSTALLED_APPS", "MIDDLEWARE", "ASGI_APPLICATION", "TASKS", "CHANNEL_LAYERS"):
        assert f"\n{name} " in f"\n{settings}", name
    assert "CurrentRequestMiddleware" in settings
    assert "django_dlwidget.urls" in files["mysite/urls.py", "append"]
    shell = [command for block in blocks if block.kind == "run" for command in commands(block)]
    assert ["python", "manage.py", "migrate"] in shell
    assert install_requirements(blocks[0])[:2] == ["django-dlwidget", "uvicorn[standard]"]


def test_the_readme_asgi_sets_django_up_before_importing_the_rest() -> None:
    """Importing the middleware or the routing first fails with ImproperlyConfigured."""
    (asgi,) = [block.text for block in readme_blocks() if block.path == "mysite/asgi.py"]
    setup = asgi.index("= get_asgi_application()")
    for name in ("channels", "django_dlwidget", "ASGIStaticFilesHandler", "django.conf"):
        assert asgi.index(name) > setup, name
    wrappers = ("DlwidgetMiddleware(", "SameOriginValidator(", "ASGIStaticFilesHandler(")
    for wrapper in wrappers:
        assert wrapper in asgi[setup:], wrapper
