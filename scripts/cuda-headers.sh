#!/usr/bin/env bash
# Prints a directory holding CUDA's cuda.h, the one file that building Percept with -tags cuda
# needs (at run time the NVIDIA driver is loaded if there is one). It uses an installed CUDA
# toolkit ($CUDA_HOME, /usr/local/cuda, /usr/include) if there is one, or a cuda.h fetched
# before: in this checkout's build/cuda/include, or in the user's cache,
# ${XDG_CACHE_HOME:-~/.cache}/percept/cuda/include, which every clone shares. Otherwise, on
# Debian or Ubuntu (and their derivatives), it downloads the nvidia-cuda-dev package (about
# 780 MB) from the archive the machine's own apt sources name — the same mirror and release,
# with the component that holds it added (Debian non-free, Ubuntu multiverse), and apt's own
# settings (a proxy, say) — with a private apt state, installs nothing, and keeps its cuda.h in
# that cache.
#
#   scripts/cuda-headers.sh            find or fetch cuda.h, print its directory
#   scripts/cuda-headers.sh --find     only look: exit 1, quietly, if there is none
#   scripts/cuda-headers.sh --fetch    fetch it even if one is found
#   scripts/cuda-headers.sh --sources  print the apt sources it would fetch from, and stop
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${XDG_CACHE_HOME:-}${HOME:-}" ]; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/percept/cuda/include
else
	cache=build/cuda/include # no home: this checkout
fi
if [ "${1:-}" != --fetch ] && [ "${1:-}" != --sources ]; then
	for d in ${CUDA_HOME:+"$CUDA_HOME/include"} /usr/local/cuda/include /usr/include build/cuda/include "$cache"; do
		if [ -f "$d/cuda.h" ]; then (cd "$d" && pwd); exit 0; fi
	done
	[ "${1:-}" = --find ] && exit 1
fi

. /etc/os-release
codename=${UBUNTU_CODENAME:-${VERSION_CODENAME:-}}
case " ${ID:-} ${ID_LIKE:-} " in
*" ubuntu "*) component=multiverse fallback=http://archive.ubuntu.com/ubuntu keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg ;;
*" debian "*) component=non-free fallback=http://deb.debian.org/debian keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
*) component= ;;
esac
if [ -z "$component" ] || [ -z "$codename" ] || ! command -v apt-get >/dev/null; then
	echo "cuda-headers: no cuda.h: install the CUDA toolkit, or set CUDA_HOME to it" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/archives/partial" "$tmp/parts"

# The machine's sources, where apt's settings say they are.
list=/etc/apt/sources.list parts=/etc/apt/sources.list.d
eval "$(apt-config shell list Dir::Etc::SourceList/f parts Dir::Etc::SourceParts/d 2>/dev/null)" || true
parts=${parts%/}

# Each entry for the release itself (suite $codename, not -updates or -security) of an archive
# with a main component, again with the component that holds nvidia-cuda-dev: a one-line entry
# (deb [options] URI suite components) as one line, a deb822 stanza as a stanza, their options
# kept (signed-by, trusted, arch...). Entries that are the same archive are kept once.
one_line=()
[ -f "$list" ] && one_line+=("$list")
for f in "$parts"/*.list; do [ -f "$f" ] && one_line+=("$f"); done
if ((${#one_line[@]})); then
	awk -v suite="$codename" -v comp="$component" '
	{ sub(/#.*/, "") }
	$1 == "deb" {
		line = $0; opts = ""
		if (match(line, /\[[^]]*\]/)) {
			opts = substr(line, RSTART, RLENGTH) " "
			line = substr(line, 1, RSTART - 1) " " substr(line, RSTART + RLENGTH)
		}
		n = split(line, f, " ")
		main = 0
		for (i = 4; i <= n; i++) if (f[i] == "main") main = 1
		uri = f[2]; sub(/\/$/, "", uri)
		if (f[3] == suite && main && !seen[uri]++) print "deb " opts uri " " suite " " comp
	}' "${one_line[@]}" >"$tmp/parts/percept.list"
fi
deb822=()
for f in "$parts"/*.sources; do [ -f "$f" ] && deb822+=("$f"); done
if ((${#deb822[@]})); then
	awk -v suite="$codename" -v comp="$component" '
	BEGIN { RS = ""; FS = "\n" }
	{
		delete v; other = ""; keep = 0
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^#/) continue
			if ($i ~ /^[ \t]/) { if (keep) other = other "\n" $i; continue } # a continued field
			name = tolower(substr($i, 1, index($i, ":") - 1))
			v[name] = " " substr($i, index($i, ":") + 1) " "
			gsub(/[ \t]+/, " ", v[name])
			keep = name !~ /^(types|uris|suites|components|enabled)$/
			if (keep) other = other "\n" $i
		}
		if (tolower(v["enabled"]) ~ / no /) next
		if (v["types"] !~ / deb / || v["suites"] !~ (" " suite " ") || v["components"] !~ / main /) next
		uris = v["uris"]; sub(/^ /, "", uris); sub(/ $/, "", uris)
		if (seen[uris]++) next
		printf "Types: deb\nURIs: %s\nSuites: %s\nComponents: %s%s\n\n", uris, suite, comp, other
	}' "${deb822[@]}" >"$tmp/parts/percept.sources"
fi
from=$(
	{
		awk '{ print $(NF - 2), $(NF - 1) }' "$tmp/parts/percept.list" 2>/dev/null
		awk -v suite="$codename" '/^URIs:/ { sub(/^URIs: */, ""); print $0, suite }' "$tmp/parts/percept.sources" 2>/dev/null
	} | paste -sd, -
)
if [ -z "$from" ]; then
	echo "cuda-headers: the apt sources name no archive of $codename with a main component; using $fallback" >&2
	echo "deb [signed-by=$keyring] $fallback $codename $component" >"$tmp/parts/percept.list"
	from="$fallback $codename"
fi
for f in "$tmp"/parts/*; do [ -s "$f" ] || rm -f "$f"; done
if [ "${1:-}" = --sources ]; then
	cat "$tmp"/parts/*
	exit 0
fi

apt=(apt-get -qq -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$tmp/parts"
	-o Dir::State::Lists="$tmp/lists" -o Dir::Cache="$tmp" -o Debug::NoLocking=1)
[ "$(id -u)" -eq 0 ] && apt+=(-o APT::Sandbox::User=root)
echo "cuda-headers: downloading nvidia-cuda-dev (about 780 MB) from $from ($component), for cuda.h; it is kept in $cache" >&2
"${apt[@]}" update >&2
(cd "$tmp" && "${apt[@]}" download nvidia-cuda-dev >&2)
dpkg-deb --fsys-tarfile "$tmp"/nvidia-cuda-dev_*.deb | tar -x -C "$tmp" ./usr/include/cuda.h
grep -q '#define CUDA_VERSION' "$tmp/usr/include/cuda.h" || {
	echo "cuda-headers: the package's cuda.h does not define CUDA_VERSION" >&2
	exit 1
}
mkdir -p "$cache"
cp "$tmp/usr/include/cuda.h" "$cache/cuda.h.$$"
mv -f "$cache/cuda.h.$$" "$cache/cuda.h" # whole or not at all, even with two fetches at once
(cd "$cache" && pwd)
