#!/usr/bin/env bash
# Prints the path of a Python interpreter of the given minor version (e.g. 3.12): python3.12 on PATH,
# else the newest pyenv-provided one.
set -euo pipefail
want=${1:?usage: find-python.sh 3.12}
if command -v "python$want" >/dev/null 2>&1 && "python$want" -c 'import venv' 2>/dev/null; then
  command -v "python$want"; exit 0
fi
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for dir in $(ls -d "$root"/versions/"$want".* 2>/dev/null | sort -V -r); do
  if [ -x "$dir/bin/python" ]; then echo "$dir/bin/python"; exit 0; fi
done
echo "No Python $want found: install it (e.g. 'pyenv install $want') and retry." >&2
exit 1
