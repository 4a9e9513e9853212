"""Checks that an executed notebook shows what its committed copy shows.

Usage: build/venv/bin/python scripts/same-outputs.py COMMITTED.ipynb EXECUTED.ipynb

Text outputs must be identical, and each cell must show as many figures (and of the same
kinds); figures are not compared pixel by pixel (plots has golden-image tests for that). Cells
tagged "varies" (timings) must only show outputs of the same kinds. Exits 1,
naming the cells, if the committed notebook is stale: run `make update-notebooks` and commit.
"""
import sys

import nbformat


def shown(cell):
    """What a code cell shows: its texts, and the kinds of its rich outputs."""
    out = []
    varies = "varies" in cell.get("metadata", {}).get("tags", [])
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            if out and out[-1][0] == o.name:  # one stream's consecutive pieces show as one text
                previous = out.pop()[1]
                out.append((o.name, None if varies else previous + o.text))
            else:
                out.append((o.name, None if varies else o.text))
        elif o.output_type == "error":
            out.append(("error", o.ename + ": " + o.evalue))
        else:
            data = o.get("data", {})
            text = data.get("text/plain") if set(data) <= {"text/plain"} and not varies else None
            out.append((o.output_type, text if text is not None else sorted(data)))
    return out


def main(committed, executed):
    a, b = nbformat.read(committed, 4), nbformat.read(executed, 4)
    code_a = [c for c in a.cells if c.cell_type == "code"]
    code_b = [c for c in b.cells if c.cell_type == "code"]
    if [c.source for c in code_a] != [c.source for c in code_b]:
        print(f"{committed}: its code differs from the executed copy {executed}")
        return 1
    stale = [i for i, (x, y) in enumerate(zip(code_a, code_b)) if shown(x) != shown(y)]
    for i in stale:
        print(f"{committed}: code cell {i + 1} shows something else when run:")
        print(f"  committed: {shown(code_a[i])!r:.300}")
        print(f"  executed:  {shown(code_b[i])!r:.300}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
