#!/usr/bin/env bash
# Fails when the committed bundle in django_dlwidget/static differs from a fresh build of frontend/.
set -euo pipefail
npm run --silent build >/dev/null
if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "not a git checkout: bundle rebuilt, nothing to compare"; exit 0
fi
changes=$(git status --porcelain --untracked-files=all -- django_dlwidget/static)
if [ -n "$changes" ]; then
  echo "The committed bundle does not match frontend/ sources; run 'npm run build' and commit:" >&2
  echo "$changes" >&2
  exit 1
fi
echo "bundle matches frontend/ sources"
