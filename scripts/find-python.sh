#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6.1 needs it), or explains and fails.
# pyenv shims exist for versions that are not active, so each candidate is run, not trusted.
set -u
candidates=(python3.14 python3.13 python3.12 python3)
# Newest first among pyenv versions and system interpreters.
while IFS= read -r p; do
  [ -x "$p" ] && candidates+=("$p")
done < <(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 \
             /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -V -r)
for c in "${candidates[@]}"; do
  if out=$("$c" -c 'import sys; print(sys.executable) if sys.version_info >= (3, 12) else sys.exit(1)' 2>/dev/null); then
    echo "$out"
    exit 0
  fi
done
echo "Closeknit needs Python 3.12 or newer (Django 6.1 requires it), and none was found." >&2
echo "Install one (e.g. 'apt-get install python3.12' or 'pyenv install 3.13') and run make again," >&2
echo "or point PYTHON=/path/to/python3.12 at it." >&2
exit 1
