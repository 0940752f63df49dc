"""``path("dlwidget/", include("django_dlwidget.urls"))``: the namespaced endpoints."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from .downloads.page import (
    downloads_page,
    downloads_page_cancel,
    downloads_page_clear,
    downloads_page_clear_finished,
)
from .downloads.views import (
    download_cancel,
    download_detail,
    download_file,
    download_link,
    download_list,
)
from .http import unknown_endpoint
from .tus import views as tus_views
from .tus.headers import TUS_VERSION
from .unavailable import unavailable

app_name = "dlwidget"

# Every view answers 503 with Retry-After while the database is down (see .unavailable).
TUS_HEADERS = {"Tus-Resumable": TUS_VERSION}
# The list as routed here: the one view object DlwidgetMiddleware's 304 shortcut answers for (a
# project's own route to the list, or this one under decorators of its own, goes to Django).
LIST_VIEW = unavailable(download_list)

urlpatterns: list[URLPattern | URLResolver] = [
    path("downloads/<uuid:key>/file/", unavailable(download_file), name="download-file"),
    path("links/<str:token>/", unavailable(download_link, html=True), name="download-link"),
    path("downloads/", LIST_VIEW, name="download-list"),
    # The HTML "all downloads" page and its forms (no JavaScript needed).
    path("downloads/all/", unavailable(downloads_page, html=True), name="downloads-page"),
    path(
        "downloads/all/clear-finished/",
        unavailable(downloads_page_clear_finished, html=True),
        name="downloads-page-clear-finished",
    ),
    path(
        "downloads/all/<uuid:key>/cancel/",
        unavailable(downloads_page_cancel, html=True),
        name="downloads-page-cancel",
    ),
    path(
        "downloads/all/<uuid:key>/clear/",
        unavailable(downloads_page_clear, html=True),
        name="downloads-page-clear",
    ),
    path("downloads/<uuid:key>/", unavailable(download_detail), name="download-detail"),
    path("downloads/<uuid:key>/cancel/", unavailable(download_cancel), name="download-cancel"),
    path("uploads/", unavailable(tus_views.upload_list, headers=TUS_HEADERS), name="upload-list"),
    path(
        "uploads/<uuid:upload_id>/",
        unavailable(tus_views.upload_detail, headers=TUS_HEADERS),
        name="upload-detail",
    ),
    # Last: a malformed key or an unknown path is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<path>.*)$", unknown_endpoint),
]
