#!/usr/bin/env bash
# Creates (or refreshes) a virtual environment: tools/make-venv.sh DIR PYTHON_VERSION REQUIREMENTS
set -euo pipefail
dir=$1; version=$2; requirements=$3
python=$(tools/find-python.sh "$version")
if [ ! -x "$dir/bin/python" ]; then
  "$python" -m venv "$dir"
fi
"$dir/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
"$dir/bin/python" -m pip install -q --disable-pip-version-check --no-deps -e .
