#!/usr/bin/env bash
# Install everything the tests need, then run all of them: lint, types,
# the JavaScript tests and pytest (browser tests included). Fails when any fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --dev

# The PWA's npm dependency (vendored into pwa/vendor/; a test checks the copy).
if [ -f package.json ]; then
    echo "== npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi

# The browser tests drive Debian's Chromium; a test tool never downloads its own browser.
if [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (Debian package)"
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    elif sudo -n true 2>/dev/null; then
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    else
        echo "The browser tests need /usr/bin/chromium: run 'apt-get install chromium' as root." >&2
        exit 1
    fi
fi

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
