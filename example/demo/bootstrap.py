"""The Bootstrap 5 class map of the demo's Bootstrap page (``DEMO_CSS=bootstrap``).

The same map as docs/styling.md, kept here as code so that the browser tests check the map the
docs show: the item's name, time and status must stay in separate boxes under Bootstrap's CSS.
"""

from __future__ import annotations

BOOTSTRAP_CLASSES: dict[str, str] = {
    "toggle": "btn border text-body",
    "badge": "badge rounded-pill text-bg-danger",
    "menu": "dropdown-menu p-2",
    "header": "border-bottom pb-2",
    "title": "h6",
    "clear-finished": "btn btn-sm btn-link",
    "list": "list-group list-group-flush",
    "item": "list-group-item px-0",
    "name": "fw-semibold",
    "time": "small text-body-secondary",
    "description": "small text-body-secondary",
    "status": "small",
    "meta": "small text-body-secondary",
    "progress": "progress",
    "bar": "progress-bar",
    "error": "small text-danger-emphasis",
    "cancel": "btn btn-sm border text-body",
    "clear": "btn btn-sm border text-body",
    "link": "btn btn-sm btn-primary",
    "empty": "text-body-secondary mb-0",
    "all": "small pt-2",
}
