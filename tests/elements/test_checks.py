"""Unknown roles in ``DLWIDGET["CSS_CLASSES"]`` (``django_dlwidget.elements.checks``)."""

from __future__ import annotations

from django.test import override_settings

from django_dlwidget.elements.checks import check_css_roles
from django_dlwidget.elements.contract import DOWNLOAD_CENTRE_ROLES, KNOWN_ROLES, UPLOAD_ROLES


def test_an_unknown_role_warns() -> None:
    with override_settings(DLWIDGET={"CSS_CLASSES": {"toggle": "btn", "tooggle": "btn"}}):
        (message,) = check_css_roles()
    assert message.id == "django_dlwidget.W030"
    assert message.msg == (
        "DLWIDGET['CSS_CLASSES'] has the unknown role 'tooggle'; its classes are never used."
    )
    assert message.hint == f"Use one of: {', '.join(sorted(KNOWN_ROLES))}."


def test_every_role_of_both_elements_is_known() -> None:
    classes = {role: "x" for role in DOWNLOAD_CENTRE_ROLES + UPLOAD_ROLES}
    with override_settings(DLWIDGET={"CSS_CLASSES": classes}):
        assert check_css_roles() == []


def test_values_of_the_wrong_type_are_left_to_e001_and_e010() -> None:
    with override_settings(DLWIDGET={"CSS_CLASSES": ["tooggle"]}):
        assert check_css_roles() == []
    with override_settings(DLWIDGET=[("CSS_CLASSES", {"tooggle": "btn"})]):
        assert check_css_roles() == []
