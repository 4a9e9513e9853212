"""Checks that this Python environment holds exactly the packages pinned in a constraints file.

Usage: build/venv/bin/python scripts/check-pins.py constraints.txt

Every installed distribution (but pip's own tools) must be pinned there, at the version
installed: a package that a new requirement pulled in without a pin, or a pin that pip did not
honour, is an error naming it. Exits 1 if so (run scripts/pin-python.sh and commit).
"""
import importlib.metadata
import re
import sys

UNPINNED = {"pip", "setuptools", "wheel"}  # the venv's own tools, from the Python that made it


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def main(path):
    pins = {}
    for n, line in enumerate(open(path), 1):
        line = line.split("#")[0].strip()
        if not line:
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if not m:
            print(f"{path}:{n}: {line!r} is not NAME==VERSION")
            return 1
        pins[canonical(m[1])] = m[2]
    bad = []
    for d in importlib.metadata.distributions():
        name = canonical(d.metadata["Name"])
        if name in UNPINNED:
            continue
        if name not in pins:
            bad.append(f"{d.metadata['Name']} {d.version} is installed but not pinned in {path}")
        elif pins[name] != d.version:
            bad.append(f"{d.metadata['Name']} {d.version} is installed, but {path} pins {pins[name]}")
    for b in sorted(bad):
        print("check-pins:", b)
    if bad:
        print("check-pins: run scripts/pin-python.sh and commit requirements.txt and constraints.txt")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
