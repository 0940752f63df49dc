"""``compat.bgfiles.patterns.registry``: a type's handler makes its requests' files, in the
requester's language and time zone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation

from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.compat.bgfiles.patterns import registry

pytestmark = pytest.mark.django_db


class Recorder:
    handled: list[tuple[Any, str | None, str]] = []

    @classmethod
    def handle(cls, request: Any) -> None:
        cls.handled.append(
            (request, translation.get_language(), timezone.get_current_timezone_name())
        )


@pytest.fixture(autouse=True)
def clean_registry() -> Iterator[None]:
    saved = dict(registry.handlers)
    registry.handlers.clear()
    Recorder.handled = []
    yield
    registry.handlers.clear()
    registry.handlers.update(saved)


def test_dispatch_runs_the_handler_in_the_requesters_locale() -> None:
    registry.register(Recorder, ["a", "b"])
    assert registry.handlers == {"a": Recorder, "b": Recorder}
    request = toolbox.add_request("x", file_type="b", language="fr", tz="Asia/Tokyo")
    assert registry.dispatch(request.id) is True
    assert Recorder.handled == [(request, "fr", "Asia/Tokyo")]


def test_no_locale_recorded_leaves_the_current_one() -> None:
    registry.register(Recorder, ["a"])
    request = toolbox.add_request("x", file_type="a", language="", tz="")
    with translation.override("de"):
        registry.dispatch(str(request.id))
    assert Recorder.handled[0][1] == "de"


def test_an_unknown_type_is_a_key_error() -> None:
    request = toolbox.add_request("x")
    with pytest.raises(KeyError):
        registry.dispatch(request.id)
    registry.register(Recorder, ["something"])
    with pytest.raises(KeyError):
        registry.dispatch(request.id)


def test_a_finished_request_is_not_handled_again() -> None:
    registry.register(Recorder, ["a"])
    request = toolbox.add_request("x", file_type="a")
    request.finished_at = timezone.now()
    request.save()
    assert registry.dispatch(request.id) is False
    assert Recorder.handled == []
