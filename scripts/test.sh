#!/usr/bin/env bash
# Install everything, start the servers the tests need, and run the whole test suite in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/services.sh
exec .venv/bin/python -m pytest -n auto -p no:cacheprovider "$@"
