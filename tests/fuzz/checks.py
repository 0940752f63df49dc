"""What every fuzzed answer must be: never a 5xx, and a 4xx with a body is the JSON
``{"error", "detail"}`` of the package's errors; and how many examples a run tries.

``make test`` runs a bounded, derandomised pass (a few hundred requests, seconds);
``make fuzz`` sets ``DLW_FUZZ_EXAMPLES`` for a longer one.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("DLW_FUZZ_EXAMPLES", "40"))

#: Fixed and repeatable: the same examples on every run (a failure is reproduced as is).
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=False,
)

#: Statuses seen, per suite (printed by ``make fuzz``).
SEEN: Counter[str] = Counter()


def check_answer(
    label: str, method: str, status: int, headers: Mapping[str, str], body: bytes
) -> None:
    SEEN[f"{label} {status}"] += 1
    assert status < 500, f"{method} answered {status}: {body[:500]!r}"
    if status < 400 or method == "HEAD" or not body:
        return
    content_type = headers.get("content-type", headers.get("Content-Type", ""))
    assert content_type.startswith("application/json"), (status, content_type, body[:200])
    payload = json.loads(body)
    assert isinstance(payload, dict), payload
    assert isinstance(payload.get("error"), str), payload
    assert isinstance(payload.get("detail"), str), payload
