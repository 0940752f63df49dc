"""``GET links/<token>/``: the file behind a signed link."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

from ..http import json_error
from ..links import LinkExpired, LinkInvalid, read_token
from ..models import Download
from .files import method_not_allowed, serve_download


def download_link(request: HttpRequest, token: str) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed()
    response = _answer(request, token)
    # The token is a credential: keep it out of Referer headers and shared caches.
    response["Referrer-Policy"] = "no-referrer"
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private"
    return response


def _answer(request: HttpRequest, token: str) -> HttpResponseBase:
    try:
        link = read_token(token)
    except LinkInvalid:
        return json_error(404, "invalid_link", _("This link is not valid."))
    except LinkExpired:
        return json_error(410, "link_expired", _("This link has expired."))
    if link.owner_id is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if str(request.user.pk) != link.owner_id:
            return json_error(404, "not_found", _("No such download."))
    download = Download.objects.filter(key=link.key).first()
    if download is None or (link.owner_id is not None and str(download.owner_id) != link.owner_id):
        return json_error(404, "not_found", _("No such download."))
    return serve_download(request, download)
