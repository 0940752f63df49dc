"""Finished resumable uploads handed to forms: tokens checked, types sniffed, data moved once."""

from __future__ import annotations
