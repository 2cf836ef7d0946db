#!/usr/bin/env bash
# Re-resolve the lock files from pyproject.toml's ranges (run after changing them).
#   ./scripts/lock.sh              keep every pin that still fits, add what is new
#   ./scripts/lock.sh --upgrade    move every pin to the newest release that fits
# requirements-dev.txt is resolved first; requirements.txt (what the server needs
# to run, plus the build backend) is resolved under it, so both pin the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pip-compile ] || ./scripts/setup.sh --dev
compile=(.venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras
         --no-emit-index-url --no-emit-find-links --all-build-deps "$@")
# Hashes come from the package index itself, not from a machine's local wheel cache.
export PIP_FIND_LINKS= PIP_CONFIG_FILE=/dev/null
"${compile[@]}" --extra dev -o requirements-dev.txt pyproject.toml
"${compile[@]}" --constraint requirements-dev.txt -o requirements.txt pyproject.toml
echo "requirements.txt and requirements-dev.txt are up to date with pyproject.toml"
