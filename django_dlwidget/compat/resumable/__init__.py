"""Drop-in adapter for django-resumable (``resumable``, jeanphix's 0.2) and its Django 2 forks
(``django_resumable``, ``django2_resumable``), over the native tus uploads.

The three packages share one set of names, spread over the same modules: ``fields`` (the model
field, with ``chunks_upload_to``), ``forms`` (``FormResumableFileField``, and jeanphix's form
field ``ResumableFileField`` with ``allowed_mimes``), ``widgets``, ``views`` and ``urls`` (the
upload endpoint, for ``include(...)``), ``settings`` (``RESUMABLE_*``) and ``store`` (the upload
store that keeps chunks on ``RESUMABLE_STORAGE``). The resumable.js wire protocol itself is not
spoken: the widget uploads over tus (docs/migrating.md, "From django-resumable").
"""
