#!/usr/bin/env bash
# Installs what Percept's notebooks need, on Debian or Ubuntu with Go already installed:
#   - Jupyter from the distribution's packages (with sudo when not root), make, and gcc (for the
#     CUDA build);
#   - GoNB, goimports and gopls, at the versions pinned in go.mod, into build/bin;
#   - the GoNB kernel for this user, with build/bin and Go on its PATH.
# It is safe to run again: what is already there is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

command -v go >/dev/null || { echo "setup: Go is not installed (https://go.dev/doc/install)" >&2; exit 1; }

packages=(make gcc libc6-dev jupyter-nbconvert python3-nbclient python3-ipykernel jupyter-notebook)
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

echo "setup: building GoNB, goimports and gopls into build/bin"
GOBIN="$root/build/bin" go install tool

# Register the kernel, then give it a PATH with build/bin and this Go, whatever the PATH of
# the shell that later starts Jupyter.
PATH="$root/build/bin:$PATH" "$root/build/bin/gonb" --install 2>/dev/null
kernel_json="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/gonb/kernel.json"
KERNEL_JSON="$kernel_json" KERNEL_PATH="$root/build/bin:$(dirname "$(command -v go)")" python3 - <<'PY'
import json, os
path = os.environ["KERNEL_JSON"]
with open(path) as f:
    spec = json.load(f)
spec.setdefault("env", {})["PATH"] = os.environ["KERNEL_PATH"] + ":${PATH}"
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
PY
echo "setup: GoNB kernel registered in $kernel_json"
