"""JSON error responses: every refusal is ``{"error": "<code>", "detail": "<human text>"}``."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def json_error(status: int, code: str, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": code, "detail": str(detail)}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status)
