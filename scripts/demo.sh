#!/usr/bin/env bash
# Install govmon, audit the bundled demo site farm on SQLite, then open the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/govmon demo "$@"
