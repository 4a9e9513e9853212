#!/usr/bin/env bash
# The README's first command: installs what the tutorials need (see setup.sh), then executes
# them and says where to open them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
make --no-print-directory notebooks
