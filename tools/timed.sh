#!/usr/bin/env bash
# tools/timed.sh NAME COMMAND...: runs a suite and prints how long it took.
set -uo pipefail
name=$1; shift
start=$EPOCHREALTIME
echo "=== $name"
"$@"
status=$?
awk -v s="$start" -v e="$EPOCHREALTIME" -v n="$name" -v rc="$status" \
  'BEGIN { printf "=== %s: %.1fs%s\n", n, e - s, (rc == 0 ? "" : " (FAILED, exit " rc ")") }'
exit $status
