#!/usr/bin/env bash
# Make .venv on first use and install Hinge into it (with the test tools when
# given --dev). Re-running is cheap: pip skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Hinge needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv ..."
    "$python" -m venv .venv
fi
target="."
[ "${1:-}" = "--dev" ] && target=".[dev]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$target"
