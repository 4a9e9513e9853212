#!/usr/bin/env bash
# Checks the GPU path in one go: the CUDA backend's tests (CPU/GPU parity, memory, threads) and
# its benchmarks, side by side with PyTorch on the same GPU (../shared/anchors/torch_gpu.py), and
# prints a table against the targets of docs/benchmarks.md.
#
#   scripts/gpu-check.sh build   on any machine with Go (and cuda.h, see cuda-headers.sh): build
#                                the test binary and gather what the run needs in build/gpu-check/
#   scripts/gpu-check.sh run     on the machine with the GPU, in a copy of this checkout with
#                                build/gpu-check/ (no Go needed; Python with PyTorch for the
#                                side-by-side): run it, print the table, and write it to
#                                build/gpu-check/report.md (and to $OUT, if set)
#   scripts/gpu-check.sh         both
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build/gpu-check
mode=${1:-all}

build() {
	mkdir -p "$dir"
	inc=$(scripts/cuda-headers.sh)
	CGO_CFLAGS="-I$inc" go test -c -tags cuda -o "$dir/gpu.test" ./gpu
	cp gpu/percept.cu gpu/percept.ptx "$dir/" # TestPTXMatchesSource reads them
	anchor=../shared/anchors/torch_gpu.py
	if [ -f "$anchor" ]; then cp "$anchor" "$dir/"; else echo "gpu-check: no $anchor; the run will time Percept alone" >&2; fi
	echo "gpu-check: built $dir/; on the GPU machine run: scripts/gpu-check.sh run"
}

run() {
	[ -x "$dir/gpu.test" ] || { echo "gpu-check: no $dir/gpu.test; run scripts/gpu-check.sh build first" >&2; exit 1; }
	out=${OUT:-$dir}
	mkdir -p "$out"
	command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/device.txt"
	echo "== tests"
	status=0
	(cd "$dir" && ./gpu.test -test.v -test.count=1) >"$out/tests.log" 2>&1 || status=$?
	grep -E '^(--- |ok|PASS|FAIL)|testing on|skipped|free device memory' "$out/tests.log" | grep -v -- '--- PASS: .*/' || true
	if [ "$status" -ne 0 ] || grep -q -- '--- SKIP' "$out/tests.log"; then
		echo "gpu-check: the tests failed or skipped (exit $status); see $out/tests.log"
		status=1
	fi
	echo "== benchmarks"
	(cd "$dir" && ./gpu.test -test.run '^$' -test.bench . -test.benchtime 2s -test.count 3) 2>&1 | tee "$out/bench.txt"
	echo "== PyTorch"
	if [ -f "$dir/torch_gpu.py" ] && python3 -c 'import torch' 2>/dev/null; then
		python3 "$dir/torch_gpu.py" 2>&1 | grep -v Warning | tee "$out/torch.txt"
	else
		echo "no PyTorch or no anchor script: Percept alone" | tee "$out/torch.txt"
	fi
	python3 - "$out" <<'PY' | tee "$out/report.md"
import re, statistics, sys
out = sys.argv[1]
bench, torch = open(f"{out}/bench.txt").read(), open(f"{out}/torch.txt").read()
device = open(f"{out}/device.txt").read().strip() if __import__("os").path.exists(f"{out}/device.txt") else "?"

def ns(name):
    """Median ns/op of a benchmark over its counts."""
    v = [float(m) for m in re.findall(rf"^{re.escape(name)}-\d+\s+\d+\s+([\d.]+) ns/op", bench, re.M)]
    return statistics.median(v) if v else None

def tf(pat):
    m = re.search(pat, torch)
    return float(m.group(1)) if m else None

copy = tf(r"d2d copy 1GiB: [\d.]+ ms\s+(\d+) GB/s")
comp8, eag8 = tf(r"N=100000000: .*compiled ([\d.]+) ms"), tf(r"N=100000000: .*bce_with_logits ([\d.]+) ms")
comp6 = tf(r"N=1048576: .*compiled ([\d.]+) ms")
g8, g6 = ns("BenchmarkSumCrossEntropy/GPU/N=100000000"), ns("BenchmarkSumCrossEntropy/GPU/N=1000000")
c8, c6 = ns("BenchmarkSumCrossEntropy/CPU/N=100000000"), ns("BenchmarkSumCrossEntropy/CPU/N=1000000")
k1, k16 = ns("BenchmarkCompare/GPU/k=1/N=10000000"), ns("BenchmarkCompare/GPU/k=16/N=10000000")
fw = ns("BenchmarkForwardBatch/GPU/N=10000000")

def f(v, unit="ms", scale=1e6):
    return "—" if v is None else f"{v / scale:.4g} {unit}"

def ok(c):
    return "—" if c is None else ("yes" if c else "**no**")

rows = []
bw = 9e8 / (g8 / 1e9) / 1e9 if g8 else None
rows.append(("summed cross-entropy, N = 10⁸ (wall time per call)", f(g8), f"compiled {f(comp8 and comp8 * 1e6)}, eager {f(eag8 and eag8 * 1e6)}",
             "≤ 0.45 ms (H100), ≥ 1.2× faster than torch.compile",
             ok(g8 and comp8 and g8 / 1e6 * 1.2 <= comp8)))
rows.append(("  its bandwidth (9 bytes per point)", "—" if bw is None else f"{bw:.0f} GB/s",
             "—" if copy is None else f"copy {copy:.0f} GB/s", "≥ 90% of PyTorch's copy",
             ok(bw and copy and bw >= 0.9 * copy)))
rows.append(("summed cross-entropy, N = 10⁶", f(g6, "µs", 1e3), f"compiled {f(comp6 and comp6 * 1e3, 'µs', 1)} (N = 2²⁰)",
             "< 20 µs", ok(g6 and g6 < 20e3)))
rows.append(("16 weight choices vs 1, N = 10⁷", "—" if not (k1 and k16) else f"{f(k16)} vs {f(k1)}: {k16 / k1:.2f}×",
             "—", "< 2×", ok(k1 and k16 and k16 < 2 * k1)))
rows.append(("sigmoid outputs to the host, N = 10⁷", f(fw), "—", "—", "—"))
rows.append(("the same sums on this machine's CPU", f"N = 10⁶: {f(c6)}; N = 10⁸: {f(c8)}", "—", "—", "—"))
log = open(f"{out}/tests.log").read()
count = {k: len(re.findall(rf"--- {k}:", log)) for k in ("PASS", "FAIL", "SKIP")}
print(f"GPU check on {device}\n")
print(f"Tests (subtests included): {count['PASS']} passed, {count['FAIL']} failed, {count['SKIP']} skipped.\n")
print("| measure | Percept | PyTorch (same run) | target | met |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
	return "$status"
}

case "$mode" in
build) build ;;
run) run ;;
all) build && run ;;
*)
	echo "usage: scripts/gpu-check.sh [build|run]" >&2
	exit 2
	;;
esac
