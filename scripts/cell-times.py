"""How long each code cell of a notebook takes, executed with a real kernel (GoNB by default).

Usage: python scripts/cell-times.py [-n N] [--target SECONDS] [--floor] [--kernel NAME]
                                    [--json FILE] [--kernel-log FILE] [NOTEBOOK ...]

Each notebook (default: notebooks/07-mnist.ipynb and notebooks/08-transfer-learning.ipynb) is
run once cold, which trains its models and fills the caches, then N more times warm (default
3), each run top to bottom in a fresh kernel, as "Restart Kernel and Run All Cells" would. A
cell's time is the wall time from sending it to the kernel to the kernel going idle after it,
what a person waits for: GoNB's build of the cell's program included. The table gives, per code
cell, the cold time and the median and maximum of the warm ones, with the load average before
and after each notebook (the machine may be shared).

--floor also times GoNB's own share, here and now: the first notebook's setup cells and then a
cell that only imports dlkit, nb and plots, N times; its median is what no notebook cell can
go below. With --target, it exits 1 if any notebook cell's warm median is above SECONDS.

It needs only nbclient (and nbformat) importable and the kernel registered with Jupyter:
scripts/setup.sh does both. The notebooks' outputs are not saved.
"""
import argparse
import json
import os
import statistics
import sys
import time

import nbclient
import nbformat

NOTEBOOKS = ["notebooks/07-mnist.ipynb", "notebooks/08-transfer-learning.ipynb"]

# The floor's cell: Percept's packages imported and used, nothing done.
FLOOR_CELL = """import (
	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/nb"
	"github.com/percept-go/percept/plots"
)

%%
nb.Check(nil)
_, _ = dlkit.Sigmoid, plots.Show"""


def run(nb, cwd, kernel, timeout, log):
    """Executes the notebook nb in a fresh kernel started in the directory cwd, its log
    appended to the file log; returns each code cell's wall time."""
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=timeout,
                                     resources={"metadata": {"path": cwd}})
    times = []
    with open(log, "a") as f, client.setup_kernel(stderr=f):
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                start = time.perf_counter()
                client.execute_cell(cell, i)
                times.append(time.perf_counter() - start)
    return times


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def measure(name, read, cwd, n, args):
    """Runs the notebook that read() returns once cold and n times warm, in cwd; returns its
    report as a dict."""
    before = load()
    nb = read()
    cold = run(nb, cwd, args.kernel, args.timeout, args.kernel_log)
    warm = [run(read(), cwd, args.kernel, args.timeout, args.kernel_log) for _ in range(n)]
    cells = []
    for i, c in enumerate(c for c in nb.cells if c.cell_type == "code"):
        ts = [w[i] for w in warm]
        first = next((line for line in c.source.splitlines() if line.strip() not in ("", "%%")), "")
        cells.append({"cell": i + 1, "source": first, "cold": cold[i],
                      "median": statistics.median(ts) if ts else None, "max": max(ts) if ts else None})
    return {"notebook": name, "runs": n, "load_before": before, "load_after": load(), "cells": cells}


def floor(path):
    """A notebook of the setup cells of the notebook at path and FLOOR_CELL."""
    nb = nbformat.read(path, 4)
    setup = [c for c in nb.cells if c.cell_type == "code" and "setup" in c.metadata.get("tags", [])]
    nb.cells = setup + [nbformat.v4.new_code_cell(FLOOR_CELL)]
    return nb


def show(report):
    print(f"{report['notebook']}: cold run, then {report['runs']} warm runs "
          f"(load average {report['load_before']} before, {report['load_after']} after)")
    print("  cell    cold  median     max  source")
    for c in report["cells"]:
        warm = f"{c['median']:7.2f} {c['max']:7.2f}" if c["median"] is not None else f"{'-':>7} {'-':>7}"
        print(f"  {c['cell']:4d} {c['cold']:7.2f} {warm}  {c['source'][:60]}")
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("notebooks", nargs="*", default=NOTEBOOKS)
    p.add_argument("-n", type=int, default=3, help="warm runs after the cold one (default 3)")
    p.add_argument("--target", type=float, help="exit 1 if a cell's warm median exceeds this many seconds")
    p.add_argument("--floor", action="store_true", help="also time a cell that only imports Percept")
    p.add_argument("--kernel", default="gonb", help="the Jupyter kernel (default gonb)")
    p.add_argument("--timeout", type=int, default=900, help="seconds a cell may take (default 900)")
    p.add_argument("--json", help="also write the reports to this file, as JSON")
    p.add_argument("--kernel-log", default=os.devnull, help="append the kernel's log to this file")
    args = p.parse_args()
    if args.n < 1 and (args.target is not None or args.floor):
        p.error("--target and --floor need at least one warm run (-n)")
    reports = []
    if args.floor:
        first = args.notebooks[0]
        reports.append(measure("GoNB floor", lambda: floor(first), os.path.dirname(os.path.abspath(first)), args.n, args))
        show(reports[-1])
    for path in args.notebooks:
        reports.append(measure(path, lambda: nbformat.read(path, 4), os.path.dirname(os.path.abspath(path)), args.n, args))
        show(reports[-1])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(reports, f, indent=1)
    if args.target is None:
        return 0
    over = [(r["notebook"], c) for r in reports if r["notebook"] in args.notebooks
            for c in r["cells"] if c["median"] > args.target]
    for path, c in over:
        print(f"{path}: cell {c['cell']} takes {c['median']:.2f} s (median), over the target {args.target} s")
    if not over:
        print(f"every cell's warm median is within {args.target} s")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
