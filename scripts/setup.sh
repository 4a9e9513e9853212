#!/usr/bin/env bash
# Installs what Percept's notebooks and tests need, on Debian or Ubuntu with Go already installed:
#   - from the distribution (with sudo when not root), only what PyPI and npm do not give: make,
#     gcc (for the CUDA build), python3-venv, and for the browser test Chromium (and Node.js, if
#     there is none);
#   - JupyterLab 4, Notebook 7, nbconvert, hadolint, onnx and onnxruntime, at the versions pinned
#     in requirements.txt and constraints.txt, into a virtual environment in this checkout, build/venv;
#   - GoNB, goimports and gopls, at the versions pinned in go.mod, into build/bin, and the
#     modules the notebooks import, into Go's module cache;
#   - the GoNB kernel, inside build/venv (so that each checkout has its own), with build/bin and
#     this Go on its PATH;
#   - the browser test's npm packages (test/browser/package-lock.json) into test/browser.
# Running it again is quick and changes nothing that is already as it should be.
#
#   scripts/setup.sh                   all of the above
#   scripts/setup.sh --system          only the distribution's packages (a Dockerfile's root step)
#   scripts/setup.sh --no-browser      all but Chromium, Node.js and the browser test (the images)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/build/venv

system_only=false
browser=true
for arg in "$@"; do
	case "$arg" in
	--system) system_only=true ;;
	--no-browser) browser=false ;;
	*)
		echo "setup: unknown argument $arg (usage: scripts/setup.sh [--system] [--no-browser])" >&2
		exit 2
		;;
	esac
done

# --- The distribution's packages.
. /etc/os-release
packages=(make gcc libc6-dev python3 python3-venv)
if $browser; then
	# Ubuntu's chromium-browser is a snap, which CI machines and containers cannot run.
	if [ "${ID:-}" = ubuntu ]; then packages+=(chromium-browser); else packages+=(chromium); fi
	# Node.js 18 or newer for Playwright: Debian's, unless one is installed some other way.
	node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
	if [ "$node_major" -lt 18 ] || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi
fi
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
		sudo=(sudo)
	fi
	echo "setup: installing ${missing[*]}"
	"${sudo[@]}" apt-get update -qq
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
$system_only && exit 0

command -v go >/dev/null || { echo "setup: Go is not installed (https://go.dev/doc/install)" >&2; exit 1; }

# --- Go tools, and the modules the notebooks build against (MNIST's files among them).
GOBIN="$root/build/bin" go install tool
go mod download

# --- The virtual environment. It is made anew whenever the pins or the Python change, so that it
# holds exactly the pinned packages; the stamp records what it was made from.
python=${PERCEPT_PYTHON:-/usr/bin/python3}
stamp="$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1) $("$python" --version 2>&1)"
if [ "$(cat "$venv/.percept-stamp" 2>/dev/null)" != "$stamp" ]; then
	echo "setup: installing JupyterLab and the other pinned Python packages into build/venv"
	rm -rf "$venv"
	"$python" -m venv "$venv"
	"$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
		-r requirements.txt -c constraints.txt
	"$venv/bin/python" scripts/check-pins.py constraints.txt
	echo "$stamp" >"$venv/.percept-stamp"
fi

# --- The GoNB kernel, in the venv's own Jupyter data directory (its kernels/ is searched before
# the user's by this venv's Jupyter), with a PATH that has build/bin and this Go, whatever the PATH
# of the shell that later starts Jupyter. Written only if it differs from what is there.
kernel_dir=$venv/share/jupyter/kernels/gonb
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
JUPYTER_DATA_DIR="$tmp" PATH="$root/build/bin:$PATH" "$root/build/bin/gonb" --install 2>/dev/null
KERNEL_JSON="$tmp/kernels/gonb/kernel.json" KERNEL_PATH="$root/build/bin:$(dirname "$(command -v go)")" \
	"$venv/bin/python" - <<'PY'
import json, os
path = os.environ["KERNEL_JSON"]
with open(path) as f:
    spec = json.load(f)
spec.setdefault("env", {})["PATH"] = os.environ["KERNEL_PATH"] + ":${PATH}"
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PY
if ! diff -qr "$tmp/kernels/gonb" "$kernel_dir" >/dev/null 2>&1; then
	mkdir -p "$kernel_dir"
	cp "$tmp/kernels/gonb/"* "$kernel_dir/"
	echo "setup: GoNB kernel registered in $kernel_dir"
fi

# --- The browser test's packages (Playwright's library only: it drives the system's Chromium).
if $browser; then
	lock=test/browser/package-lock.json
	npm_stamp=$(sha256sum "$lock" | cut -d' ' -f1)
	if [ "$(cat test/browser/node_modules/.percept-stamp 2>/dev/null)" != "$npm_stamp" ]; then
		echo "setup: installing the browser test's npm packages into test/browser/node_modules"
		(cd test/browser && npm ci --silent --no-audit --no-fund --ignore-scripts)
		echo "$npm_stamp" >test/browser/node_modules/.percept-stamp
	fi
fi
echo "setup: ready (make lab starts JupyterLab on the notebooks)"
