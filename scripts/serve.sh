#!/usr/bin/env bash
# Install Hinge on first use, then serve it on SQLite (pass hinge serve options through).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
exec .venv/bin/hinge serve "$@"
