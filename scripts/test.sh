#!/usr/bin/env bash
# Install everything the tests need, then run all of them: lint, types,
# the JavaScript tests and pytest. Fails when any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --dev

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
if [ -d tests/js ]; then
    echo "== node --test"
    node --test tests/js/
fi
echo "== pytest"
.venv/bin/pytest "$@"
