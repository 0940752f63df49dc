"""The serving settings against the project (``django_dlwidget.serving.checks``)."""

from __future__ import annotations

from typing import Any

from django.test import override_settings

from django_dlwidget.serving.checks import check_rule_storages


def ids(dlwidget: Any) -> list[str]:
    with override_settings(DLWIDGET=dlwidget):
        return [str(message.id) for message in check_rule_storages()]


def test_rules_name_configured_storages() -> None:
    assert ids({}) == []
    assert ids({"SENDFILE_RULES": [{"STORAGE": "default"}, {"PREFIX": "a/"}]}) == []
    rules = [{"STORAGE": "default"}, {"STORAGE": "reprots", "NGINX_PREFIX": "/r/"}]
    assert ids({"SENDFILE_RULES": rules}) == ["django_dlwidget.E024"]
    with override_settings(DLWIDGET={"SENDFILE_RULES": rules}):
        (message,) = check_rule_storages()
    assert message.msg == (
        "DLWIDGET['SENDFILE_RULES'][1] names the storage 'reprots', which is not an alias in "
        "STORAGES."
    )


def test_stands_down_for_rules_of_the_wrong_shape() -> None:
    """Those are E023's (the value checks), and E001's for a DLWIDGET that is no dict."""
    assert ids({"SENDFILE_RULES": {"STORAGE": "nope"}}) == []
    assert ids({"SENDFILE_RULES": [{"STORAGE": "nope", "TYPO": 1}]}) == []
    assert ids(["not", "a", "dict"]) == []
