"""``async_downloads`` (django-async-downloads) over django-dlwidget's job API.

Add ``"django_dlwidget.compat.async_downloads"`` to ``INSTALLED_APPS`` beside ``"django_dlwidget"``
(it brings the ``async_downloads/download_centre.html`` include and lets Celery's autodiscovery
find ``tasks``), and import ``cache``, ``tasks``, ``shortcuts``, ``ws_consumers`` and ``settings``
from here instead of ``async_downloads``. docs/migrating.md maps every name.
"""
