"""The baseline for ``bench/uploads.py``: a minimal streaming PUT view (served with DEMO_BENCH=1).

It appends the request body to one file in 1 MiB blocks, as a plain Django view would.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

BLOCK = 1024 * 1024


@csrf_exempt
def put(request: HttpRequest) -> HttpResponse:
    if request.method != "PUT":
        return HttpResponse(status=405)
    target = Path(settings.MEDIA_ROOT) / "bench-put.bin"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("ab") as out:
        while block := request.read(BLOCK):
            out.write(block)
    return HttpResponse(status=204)
