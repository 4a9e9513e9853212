#!/usr/bin/env bash
# Starts JupyterLab (from build/venv, see setup.sh) on the tutorials in notebooks/, with this
# checkout's GoNB kernel, and prints the URL to open. Token authentication is always on: the token
# is $JUPYTER_TOKEN if set, else a new random one. Ctrl-C stops it.
#
#   scripts/lab.sh [--ip=ADDRESS] [--port=PORT] [other flags of jupyter lab]
#
# It listens on 127.0.0.1:8888 unless told otherwise (the Docker images give --ip=0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/build/venv
[ -x "$venv/bin/jupyter" ] || { echo "lab: no JupyterLab in build/venv: run scripts/setup.sh first" >&2; exit 1; }

ip=127.0.0.1
port=8888
args=()
for arg in "$@"; do
	case "$arg" in
	--ip=*) ip=${arg#--ip=} ;;
	--port=*) port=${arg#--port=} ;;
	*) args+=("$arg") ;;
	esac
done
# An empty token would turn authentication off: never.
if [ -z "${JUPYTER_TOKEN:-}" ]; then
	JUPYTER_TOKEN=$("$venv/bin/python" -c 'import secrets; print(secrets.token_hex(24))')
fi
export JUPYTER_TOKEN
export JUPYTER_PREFER_ENV_PATH=1 # this checkout's GoNB kernel, before any user-wide one
[ "$(id -u)" -eq 0 ] && args+=(--allow-root)

host=$ip
[ "$ip" = 0.0.0.0 ] && host=127.0.0.1
cat <<MSG
JupyterLab with the Go (gonb) kernel, on $PWD/notebooks. Open:

    http://$host:$port/lab?token=$JUPYTER_TOKEN

MSG
exec "$venv/bin/jupyter" lab --no-browser --ServerApp.ip="$ip" --ServerApp.port="$port" \
	--ServerApp.port_retries=0 --ServerApp.root_dir="$PWD/notebooks" "${args[@]}"
