"""``{% load dlwidget %}``: the shipped bundle and the widgets' tags."""

from __future__ import annotations

from django import template
from django.template import TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from ..downloads.centre import centre_context
from ..elements.assets import ENTRIES, bundle_assets
from ..elements.csp import csp_nonce
from ..uploads.sniff import normalise_accept
from ..widgets import ResumableMultipleWidget, ResumableWidget

DOWNLOAD_CENTRE_TEMPLATE = "django_dlwidget/download_centre.html"

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


@register.simple_tag(takes_context=True)
def download_centre(
    context: template.Context,
    *,
    mode: str | None = None,
    css_class: str = "",
    template: str = DOWNLOAD_CENTRE_TEMPLATE,
    notify: bool = False,
) -> SafeString:
    """The nav-menu download centre with the user's current list; nothing when anonymous."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None:
        return mark_safe("")
    try:
        ctx = centre_context(request, user, mode=mode, css_class=css_class, notify=notify)
    except ValueError as exc:
        raise TemplateSyntaxError(str(exc)) from exc
    if ctx is None:
        return mark_safe("")
    return render_to_string(template, ctx)


@register.simple_tag(takes_context=True)
def dlwidget_upload(
    context: template.Context,
    name: str = "file",
    *,
    multiple: bool = False,
    max_size: int | None = None,
    accept: str = "",
    label: str = "",
    css_class: str = "",
) -> SafeString:
    """A standalone ``<dlw-upload>`` (outside a Django form): listen to its ``dlw:upload-*``
    events, or post the hidden ``<name>-token`` input to a view that checks it."""
    widget_class = ResumableMultipleWidget if multiple else ResumableWidget
    widget = widget_class(max_size=max_size, accept=normalise_accept(accept))
    widget.request = context.get("request")
    attrs: dict[str, str] = {"id": f"id_{name}"}
    if label:
        attrs["aria-label"] = label
    widget.css_class = css_class
    return widget.render(name, None, attrs)
