from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from django_dlwidget.elements import assets
from django_dlwidget.elements.assets import STATIC_DIR, bundle_assets

TAG = "{% load dlwidget %}{% dlwidget_assets %}"


def render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


def test_renders_every_entry_with_files_that_exist() -> None:
    html = render(TAG)
    css = re.findall(r'<link rel="stylesheet" href="/static/django_dlwidget/([^"]+)">', html)
    js = re.findall(r'<script defer src="/static/django_dlwidget/([^"]+)"></script>', html)
    assert sorted(Path(name).name.split(".")[0] for name in js) == ["download-centre", "upload"]
    assert len(css) == 2
    for name in css + js:
        assert (STATIC_DIR / name).is_file(), name
    # CSS before scripts, nothing else in between.
    assert html.index("<link") < html.index("<script")
    assert html.count("<") == 2 * 2 + 2


def test_named_entry_only() -> None:
    html = render("{% load dlwidget %}{% dlwidget_assets 'download-centre' %}")
    assert "download-centre." in html
    assert "upload." not in html


def test_unknown_entry_is_an_error() -> None:
    with pytest.raises(ValueError, match="Unknown dlwidget bundle"):
        bundle_assets(("nope",))


def test_csp_nonce_from_django_6_context() -> None:
    html = render(TAG, csp_nonce="n0nce")
    assert html.count('nonce="n0nce"') == 4


def test_csp_nonce_from_request_attribute() -> None:
    request = RequestFactory().get("/")
    request.csp_nonce = "abc"  # type: ignore[attr-defined]
    assert render(TAG, request=request).count('nonce="abc"') == 4


def test_project_may_override_the_loader(tmp_path: Path) -> None:
    stats = tmp_path / "stats.json"
    stats.write_text(
        '{"status": "done", "chunks": {"download-centre": ["dc.js"]},'
        ' "assets": {"dc.js": {"name": "dc.js", "path": "dc.js"}}}'
    )
    config = {"DLWIDGET": {"STATS_FILE": str(stats), "BUNDLE_DIR_NAME": "mine/", "CACHE": False}}
    import webpack_loader.config as webpack_config
    import webpack_loader.utils as webpack_utils

    original = dict(webpack_config.user_config)
    try:
        with override_settings(WEBPACK_LOADER=config):
            # webpack-loader reads its settings once at import: refresh them for this test.
            webpack_config.user_config["DLWIDGET"] = {
                **webpack_config.DEFAULT_CONFIG["DEFAULT"],
                **config["DLWIDGET"],
                "ignores": [],
            }
            webpack_utils.get_loader.cache_clear()
            html = render("{% load dlwidget %}{% dlwidget_assets 'download-centre' %}")
    finally:
        webpack_config.user_config.clear()
        webpack_config.user_config.update(original)
        webpack_utils.get_loader.cache_clear()
    assert html == '<script defer src="/static/mine/dc.js"></script>'
    assert assets.get_loader() is not None
