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

app_name = "dlwidget"

urlpatterns: list[URLPattern | URLResolver] = [
    path("downloads/<uuid:key>/file/", download_file, name="download-file"),
    path("links/<str:token>/", download_link, name="download-link"),
    path("downloads/", download_list, name="download-list"),
    # The HTML "all downloads" page and its forms (no JavaScript needed).
    path("downloads/all/", downloads_page, name="downloads-page"),
    path(
        "downloads/all/clear-finished/",
        downloads_page_clear_finished,
        name="downloads-page-clear-finished",
    ),
    path("downloads/all/<uuid:key>/cancel/", downloads_page_cancel, name="downloads-page-cancel"),
    path("downloads/all/<uuid:key>/clear/", downloads_page_clear, name="downloads-page-clear"),
    path("downloads/<uuid:key>/", download_detail, name="download-detail"),
    path("downloads/<uuid:key>/cancel/", download_cancel, name="download-cancel"),
    path("uploads/", tus_views.upload_list, name="upload-list"),
    path("uploads/<uuid:upload_id>/", tus_views.upload_detail, name="upload-detail"),
    # Last: a malformed key or an unknown path is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<path>.*)$", unknown_endpoint),
]
