"""``{% load async_downloads %}``: the native download centre, configured by the old settings.

``async_downloads/download_centre.html`` uses it. ``ASYNC_DOWNLOADS_WS_MODE``, when the project
sets it, picks the live mode (``True``: ``auto``, the socket with polling as its fallback, so a
project whose socket route still has the old path keeps working; ``False``: ``poll``); unset, the
native ``DLWIDGET["MODE"]`` applies. ``ASYNC_DOWNLOADS_CSS_CLASS`` is added to the centre.
The bundle's assets come with the centre: the predecessor's page loaded its own CSS and script,
which are gone.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ....templatetags.dlwidget import dlwidget_assets, download_centre
from .. import settings as compat_settings

register = template.Library()

CENTRE_ENTRY = "download-centre"


def centre_mode() -> str | None:
    if not compat_settings.is_set("WS_MODE"):
        return None
    return "auto" if compat_settings.value("WS_MODE") else "poll"


@register.simple_tag(takes_context=True)
def async_downloads_centre(context: template.Context) -> SafeString:
    """The assets and the centre for a logged-in user; nothing for anyone else."""
    css_class = compat_settings.value("CSS_CLASS") or ""
    centre = download_centre(context, mode=centre_mode(), css_class=str(css_class))
    if not centre:
        return centre
    return dlwidget_assets(context, CENTRE_ENTRY) + centre
