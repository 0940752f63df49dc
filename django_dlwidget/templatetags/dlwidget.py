"""``{% load dlwidget %}``: the shipped bundle and the widgets' tags."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ..assets import ENTRIES, bundle_assets
from ..csp import csp_nonce

register = template.Library()


@register.simple_tag(takes_context=True)
def dlwidget_assets(context: template.Context, *entries: str) -> SafeString:
    """CSS links and deferred scripts of the shipped bundle (all entries unless some are named)."""
    nonce = csp_nonce(context)
    nonce_attr = format_html(' nonce="{}"', nonce) if nonce else ""
    tags = [
        format_html('<link rel="stylesheet" href="{}"{}>', asset.url, nonce_attr)
        if asset.kind == "css"
        else format_html('<script defer src="{}"{}></script>', asset.url, nonce_attr)
        for asset in bundle_assets(tuple(entries) or ENTRIES)
    ]
    return format_html_join("\n", "{}", ((tag,) for tag in tags))
