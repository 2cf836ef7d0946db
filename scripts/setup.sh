#!/usr/bin/env bash
# Make .venv and install Hinge into it from the lock files, exactly as locked:
#   ./scripts/setup.sh          what the server needs (requirements.txt)
#   ./scripts/setup.sh --dev    that and the test tools (requirements-dev.txt)
# A stamp in .venv records what was installed from which lock by which Python,
# so a second run with nothing changed returns at once. A .venv made by another
# Python (or a broken one) is made again rather than repaired.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Hinge needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi

lock=requirements.txt
[ "${1:-}" = "--dev" ] && lock=requirements-dev.txt

version() { "$1" -c 'import sys; print(sys.version.split()[0], sys.platform)' 2>/dev/null; }
wanted=$(version "$python")
if [ -e .venv ] && [ "$(version .venv/bin/python || true)" != "$wanted" ]; then
    echo "Making .venv again: it was made by another Python than $python ($wanted)"
    rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with Python $wanted ..."
    "$python" -m venv .venv
fi

stamp_of() { cat "$1" pyproject.toml | sha256sum | cut -d' ' -f1; }
installed=$(cat .venv/.hinge-stamp 2>/dev/null || true)
# A dev install holds everything a plain one needs.
for satisfied_by in "$lock" requirements-dev.txt; do
    [ "$installed" = "$satisfied_by $(stamp_of "$satisfied_by") $wanted" ] && exit 0
done

echo "Installing from $lock ..."
.venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
# Hinge itself, editable, built by the locked setuptools rather than whatever is newest.
# (Its build chatter is shown only when it fails.)
if ! built=$(.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1); then
    echo "$built" >&2
    exit 1
fi
echo "$lock $(stamp_of "$lock") $wanted" > .venv/.hinge-stamp
