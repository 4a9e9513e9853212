#!/usr/bin/env bash
# Prints a directory holding CUDA's cuda.h, the one file that building Percept with -tags cuda
# needs (at run time the NVIDIA driver is loaded if there is one). It uses an installed CUDA
# toolkit ($CUDA_HOME, /usr/local/cuda, /usr/include) if there is one. Otherwise, on Debian or
# Ubuntu, it downloads the nvidia-cuda-dev package (Debian non-free, Ubuntu multiverse; about
# 780 MB) with a private apt state, installs nothing, and keeps its cuda.h in build/cuda/include.
#
#   scripts/cuda-headers.sh            find or fetch cuda.h, print its directory
#   scripts/cuda-headers.sh --find     only look: exit 1, quietly, if there is none
#   scripts/cuda-headers.sh --fetch    fetch it even if a toolkit is installed
set -euo pipefail
cd "$(dirname "$0")/.."
dest=build/cuda/include
if [ "${1:-}" != --fetch ]; then
	for d in ${CUDA_HOME:+"$CUDA_HOME/include"} /usr/local/cuda/include /usr/include "$dest"; do
		if [ -f "$d/cuda.h" ]; then (cd "$d" && pwd); exit 0; fi
	done
	[ "${1:-}" = --find ] && exit 1
fi

. /etc/os-release
case "${ID:-}" in
debian) repo="http://deb.debian.org/debian $VERSION_CODENAME non-free" keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
ubuntu) repo="http://archive.ubuntu.com/ubuntu $VERSION_CODENAME multiverse" keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg ;;
*)
	echo "cuda-headers: no cuda.h: install the CUDA toolkit, or set CUDA_HOME to it" >&2
	exit 1
	;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial"
echo "deb [signed-by=$keyring] $repo" >"$tmp/sources.list"
apt=(apt-get -qq -o Dir::Etc::SourceList="$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp" -o Debug::NoLocking=1)
[ "$(id -u)" -eq 0 ] && apt+=(-o APT::Sandbox::User=root)
echo "cuda-headers: downloading nvidia-cuda-dev from $repo, for cuda.h" >&2
"${apt[@]}" update >&2
(cd "$tmp" && "${apt[@]}" download nvidia-cuda-dev >&2)
dpkg-deb --fsys-tarfile "$tmp"/nvidia-cuda-dev_*.deb | tar -x -C "$tmp" ./usr/include/cuda.h
mkdir -p "$dest"
cp "$tmp/usr/include/cuda.h" "$dest/"
(cd "$dest" && pwd)
