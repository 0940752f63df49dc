"""Any other path under the include: a JSON 404 (an API client never gets an HTML error page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..http import json_error


@csrf_exempt  # it does nothing, whatever the method
def unknown_endpoint(request: HttpRequest, path: str = "") -> HttpResponse:
    return json_error(404, "unknown_endpoint", _("There is no such endpoint."))
