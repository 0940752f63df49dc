"""A tus 1.0 server inside Django: one protocol module behind a WSGI view and an ASGI wrapper."""

from __future__ import annotations
