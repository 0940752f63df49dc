from __future__ import annotations

import threading

import pytest

from django_dlwidget.task_backends import ThreadPoolBackend, task

results: dict[str, str] = {}
done = threading.Event()


@task()
def record(value: str) -> str:
    results["value"] = value
    results["thread"] = threading.current_thread().name
    done.set()
    return value


@pytest.mark.django_db(transaction=True)
def test_thread_pool_backend_runs_tasks_on_a_worker_thread() -> None:
    backend = ThreadPoolBackend("threads", {"OPTIONS": {"MAX_WORKERS": 2}})
    done.clear()
    result = backend.enqueue(record, ["hello"], {})
    assert done.wait(10)
    assert results["value"] == "hello"
    assert results["thread"].startswith("dlwidget-task-threads")
    assert list(result.args) == ["hello"]
