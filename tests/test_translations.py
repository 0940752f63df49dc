"""The German and French catalogues: complete, compiled, and used by the endpoints, the download
centre, the upload widget and the form fields."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from django_dlwidget.downloads.centre import centre_strings
from django_dlwidget.forms import ResumableFormField
from django_dlwidget.models import Download
from django_dlwidget.uploads.context import upload_strings
from tools.check_messages import LOCALE, parse_mo, parse_po

LANGUAGES = ("de", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Front-end strings whose translation reads the same as the English ("Downloads", "Pause").
SAME_AS_ENGLISH = {"de": {"toggle", "title"}, "fr": {"pause"}}


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    """LocaleMiddleware activates the request's language; the next test starts from the default."""
    with translation.override(translation.get_language()):
        yield


def attribute(html: str, name: str) -> str:
    match = re.search(rf' {name}="([^"]*)"', html)
    assert match, f"{name} not rendered"
    return unescape(match.group(1))


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


# The catalogues


def test_the_shipped_languages() -> None:
    assert sorted(p.name for p in LOCALE.iterdir() if p.is_dir()) == list(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated(language: str) -> None:
    entries = parse_po(po_path(language))
    assert len(entries) > 100
    fuzzy = [key for key, entry in entries.items() if entry.fuzzy]
    untranslated = [key for key, entry in entries.items() if not all(entry.strings)]
    assert fuzzy == []
    assert untranslated == []
    header = po_path(language).read_text(encoding="utf-8")
    match = re.search(r"nplurals=(\d+);", header)
    assert match
    plural_forms = int(match.group(1))
    for (_, msgid, plural), entry in entries.items():
        assert len(entry.strings) == (plural_forms if plural else 1), msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    for (_, msgid, plural), entry in parse_po(po_path(language)).items():
        expected = set(PLACEHOLDER.findall(msgid + (plural or "")))
        for string in entry.strings:
            assert set(PLACEHOLDER.findall(string)) == expected, (msgid, string)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_holds_every_entry(language: str) -> None:
    entries = parse_po(po_path(language))
    compiled = parse_mo(po_path(language).with_suffix(".mo").read_bytes())
    for context, msgid, plural in entries:
        original = (f"{context}\x04" if context else "") + msgid + (f"\0{plural}" if plural else "")
        assert original.encode() in compiled, msgid


# Error details from the endpoints


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("de", "Melden Sie sich an, um Ihre Downloads zu sehen."),
        ("fr", "Connectez-vous pour voir vos téléchargements."),
        ("en", "Log in to see your downloads."),
    ],
)
def test_json_error_detail_follows_accept_language(
    settings: Any, client: Client, language: str, detail: str
) -> None:
    settings.MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    response = client.get(reverse("dlwidget:download-list"), headers={"accept-language": language})
    assert response.status_code == 403
    assert response.json() == {"error": "not_authenticated", "detail": detail}
    assert response["Content-Language"] == language


@pytest.mark.django_db
def test_json_error_detail_in_the_active_language(client: Client) -> None:
    user = User.objects.create_user("ada", password="x")
    client.force_login(user)
    url = reverse("dlwidget:download-detail", args=["00000000-0000-0000-0000-000000000001"])
    with translation.override("fr"):
        response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"] == "Ce téléchargement n\u2019existe pas."


# The download centre


def render_centre(user: Any) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load dlwidget %}{% download_centre %}")
    return template.render(Context({"request": request, "user": user}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            {"empty": "Noch keine Downloads.", "running": "Läuft", "cancel": "Abbrechen"},
        ),
        (
            "fr",
            {"toggle": "Téléchargements", "running": "En cours", "cancel": "Annuler"},
        ),
    ],
)
def test_download_centre_strings(language: str, expected: dict[str, str]) -> None:
    user = User.objects.create_user("ada", password="x")
    Download.objects.create(owner=user, name="Orders", filename="orders.csv", status="running")
    with translation.override(language):
        html = render_centre(user)
        strings = centre_strings()
    rendered = json.loads(attribute(html, "data-strings"))
    assert rendered == strings
    assert expected.items() <= rendered.items()
    english = centre_strings()
    assert {key for key in english if english[key] == rendered[key]} <= SAME_AS_ENGLISH[language]
    assert attribute(html, "data-lang") == language
    assert f">{rendered['running']}</span>" in html
    assert rendered["cancelLabel"] % {"name": "Orders"} in html


# The upload widget and form field


class UploadForm(forms.Form):
    file = ResumableFormField(max_size=10, accept=".pdf")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "drop", "hint"),
    [
        ("de", "Dateien hier ablegen", "Bis zu 10 Byte."),
        ("fr", "Déposez les fichiers ici", "Jusqu\u2019à 10 o."),
    ],
)
def test_upload_widget_strings(language: str, drop: str, hint: str) -> None:
    with translation.override(language):
        html = str(UploadForm()["file"])
        strings = upload_strings()
    rendered = json.loads(attribute(html, "data-strings"))
    assert rendered == strings
    assert rendered["drop"] == drop
    english = upload_strings()
    assert {key for key in english if english[key] == rendered[key]} <= SAME_AS_ENGLISH[language]
    assert hint in html


@pytest.mark.parametrize(
    ("language", "name", "content", "error"),
    [
        ("de", "report.pdf", b"%PDF-1.4\n" + b"0" * 100, "Die Datei ist 109 Byte groß; "),
        ("fr", "report.pdf", b"%PDF-1.4\n" + b"0" * 100, "Le fichier fait 109 o ; "),
        ("de", "notes.txt", b"text", "Dieser Dateityp (text/plain) ist hier nicht zulässig."),
        ("fr", "notes.txt", b"text", "Ce type de fichier (text/plain) n\u2019est pas accepté ici."),
    ],
)
def test_form_field_errors(language: str, name: str, content: bytes, error: str) -> None:
    with translation.override(language):
        form = UploadForm(
            data={}, files=MultiValueDict({"file": [SimpleUploadedFile(name, content)]})
        )
        assert not form.is_valid()
        (message,) = form.errors["file"]
    assert str(message).startswith(error), message


# A project's own catalogue


def test_a_project_catalogue_overrides_the_shipped_one(settings: Any, tmp_path: Path) -> None:
    messages = tmp_path / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "No downloads yet."\nmsgstr "Hier ist noch nichts."\n',
        encoding="utf-8",
    )
    subprocess.run(
        ["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True
    )
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("de"):
        strings = centre_strings()
    assert strings["empty"] == "Hier ist noch nichts."
    assert strings["cancel"] == "Abbrechen"
