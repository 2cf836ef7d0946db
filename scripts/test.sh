#!/usr/bin/env bash
# Install everything the tests need, exactly as locked, then run all of them:
# lint and types for Python and JavaScript, the Node tests and pytest (browser
# tests included). Fails when any fails; prints each stage's time at the end.
# Arguments go to pytest (e.g. ./scripts/test.sh -k sync).
set -euo pipefail
cd "$(dirname "$0")/.."

timings=()
now_ms() { local us=${EPOCHREALTIME/./}; echo $((us / 1000)); }
seconds_since() { local ms=$(($(now_ms) - $1)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
started=$(now_ms)
report() {
    local status=$?
    stop_postgres
    if [ ${#timings[@]} -gt 0 ]; then
        echo
        echo "== stage times"
        printf '  %s\n' "${timings[@]}"
        printf '  %-22s %7s s\n' "total" "$(seconds_since "$started")"
    fi
    [ "$status" = 0 ] || echo "FAILED (exit $status)" >&2
}
trap report EXIT

stage() {
    local name=$1 begin
    shift
    echo "== $name"
    begin=$(now_ms)
    "$@"
    timings+=("$(printf '%-22s %7s s' "$name" "$(seconds_since "$begin")")")
}

as_root() {
    if [ "$(id -u)" = 0 ]; then
        "$@"
    elif sudo -n true 2>/dev/null; then
        sudo "$@"
    else
        echo "The tests need $* to run as root (or passwordless sudo)." >&2
        return 1
    fi
}

install_chromium() {
    # The browser tests drive Debian's Chromium; a test tool never downloads its own browser.
    [ -x /usr/bin/chromium ] && return 0
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
}

install_postgres() {
    # The storage contract tests run on PostgreSQL too: Debian's server, started below.
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return 0
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
}

postgres_dir=""
start_postgres() {
    # A throw-away server in a temp dir on a free loopback port, as a non-root user;
    # stopped by report() when this script exits, whether the tests passed or not.
    postgres_dir=$(mktemp -d -t hinge-postgres.XXXXXX)
    HINGE_TEST_POSTGRES_URL=$(.venv/bin/python -m tests.support.postgres start "$postgres_dir")
    export HINGE_TEST_POSTGRES_URL
    echo "PostgreSQL for the tests: $HINGE_TEST_POSTGRES_URL"
}
stop_postgres() {
    if [ -n "$postgres_dir" ]; then
        .venv/bin/python -m tests.support.postgres stop "$postgres_dir" || true
        rm -rf "$postgres_dir"
        postgres_dir=""
    fi
}

stage "python (locked)" ./scripts/setup.sh --dev
# The PWA's runtime dependency (idb, vendored into pwa/vendor/) and the JS checkers, as locked.
stage "npm ci" npm ci --no-audit --no-fund --loglevel=error
stage "chromium" install_chromium
stage "postgresql" install_postgres
stage "postgresql start" start_postgres
stage "ruff" bash -c '.venv/bin/ruff check . && .venv/bin/ruff format --check .'
stage "mypy" .venv/bin/mypy
stage "tsc (checkJs)" bash -c 'npx --no-install tsc -p tsconfig.json && npx --no-install tsc -p tsconfig.sw.json'
stage "eslint" npx --no-install eslint .
stage "node --test" node --test tests/js/
# Independent test files run in parallel, one file per worker (module-scoped servers stay
# shared). The tests mostly wait (on servers, the browser, fsync), so twice the cores pays.
stage "pytest" .venv/bin/pytest -n "${HINGE_TEST_WORKERS:-$(($(nproc) * 2))}" --dist loadfile "$@"
