#!/usr/bin/env bash
# Rewrites constraints.txt: installs requirements.txt into a fresh, temporary virtual environment
# (with the Python that setup.sh uses) and pins every package that it pulled in, at the version it
# got. Run it after changing requirements.txt, then run scripts/setup.sh and commit both files.
#
#   scripts/pin-python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PERCEPT_PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check --no-input -r requirements.txt
{
	echo "# Every Python package in build/venv, at the exact version setup.sh installs (pip's -c)."
	echo "# Written by scripts/pin-python.sh from requirements.txt with $("$tmp/venv/bin/python" --version);"
	echo "# do not edit by hand."
	"$tmp/venv/bin/pip" freeze --all --exclude pip --exclude setuptools --exclude wheel | LC_ALL=C sort -f
} >constraints.txt
echo "pin-python: wrote constraints.txt ($(grep -vc '^#' constraints.txt) packages)"
