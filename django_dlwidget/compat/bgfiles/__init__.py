"""``bgfiles`` (dj-bgfiles 0.6) over django-dlwidget's downloads.

Put ``"django_dlwidget.compat.bgfiles"`` in ``INSTALLED_APPS`` (beside ``"django_dlwidget"``) in
place of ``"bgfiles"``, and import ``toolbox``, ``models``, ``patterns``, ``views``, ``http`` and
``fields`` from here. ``FileRequest`` is a proxy of the native ``Download``, so a request is a
download: its requester sees it in the download centre, and ``manage.py bgfiles process|clean``
work as before. docs/migrating.md maps every name and lists every deliberate difference.
"""

from __future__ import annotations

__version__ = "0.6.0"
"""The dj-bgfiles release whose API this module keeps."""
