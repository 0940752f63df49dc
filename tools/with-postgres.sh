#!/usr/bin/env bash
# tools/with-postgres.sh COMMAND...: runs COMMAND against a throwaway PostgreSQL cluster on a free
# loopback port (DLW_TEST_PG_PORT is set for it); the cluster is always stopped and removed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
exec "$python" -m tests.harness.postgres "$@"
