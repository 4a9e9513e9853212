package dlkit

import (
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/percept-go/percept/internal/kernels"
	"gonum.org/v1/gonum/floats/scalar"
)

// ulps returns how many float64 steps apart a and b are.
func ulps(a, b float64) float64 {
	return math.Abs(a-b) / math.Max(math.Nextafter(math.Abs(b), math.Inf(1))-math.Abs(b), math.SmallestNonzeroFloat64)
}

func TestExpNeg(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	worst := 0.0
	for i := range 200000 {
		var a float64
		switch i % 4 {
		case 0:
			a = rng.Float64() * 2
		case 1:
			a = rng.Float64() * 40
		case 2:
			a = rng.Float64() * 745
		default:
			a = math.Ldexp(rng.Float64(), -rng.IntN(60))
		}
		got, want := expNeg(a), math.Exp(-a)
		if want < 0x1p-1022 { // subnormal: compare absolutely
			if math.Abs(got-want) > 2*math.SmallestNonzeroFloat64 {
				t.Fatalf("expNeg(%v) = %v, math.Exp = %v", a, got, want)
			}
			continue
		}
		worst = math.Max(worst, ulps(got, want))
	}
	limit := 2.0
	if !kernels.Fused() { // each step of the polynomial rounds twice
		limit = 4
	}
	if worst > limit {
		t.Errorf("expNeg is up to %v ulps from math.Exp (fused multiply-adds %v)", worst, kernels.Fused())
	}
	for _, a := range []float64{0, 745.2, 800, math.Inf(1)} {
		if got, want := expNeg(a), math.Exp(-a); math.Abs(got-want) > math.SmallestNonzeroFloat64 {
			t.Errorf("expNeg(%v) = %v, want %v", a, got, want)
		}
	}
}

// accuracyData returns n two-feature points whose logits under w = (1, 0), b = 0 span what
// the issue asks for: |z| up to 700, tiny |z|, and ordinary values, with random labels.
func accuracyData(n int, seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 2))
	x := make([]float64, 2*n)
	y := make([]float64, n)
	for i := range n {
		switch i % 4 {
		case 0:
			x[2*i] = (rng.Float64()*2 - 1) * 700
		case 1:
			x[2*i] = (rng.Float64()*2 - 1) * 1e-12
		case 2:
			x[2*i] = rng.NormFloat64() * 5
		default:
			x[2*i] = rng.NormFloat64() * 40
		}
		x[2*i+1] = rng.NormFloat64()
		y[i] = float64(rng.IntN(2))
	}
	return newDataset(n, 2, x, y, nil, "")
}

// referenceSum is Σ CrossEntropyLogit(y, z) with math.Exp and math.Log1p, summed exactly.
func referenceSum(d *Dataset, w []float64, b float64) float64 {
	exact := new(big.Float).SetPrec(300)
	for i := range d.Len() {
		exact.Add(exact, big.NewFloat(CrossEntropyLogit(d.y[i], affine(w, d.Point(i), b))))
	}
	v, _ := exact.Float64()
	return v
}

func TestFastSumAccuracy(t *testing.T) {
	for i, test := range []struct {
		d    *Dataset
		w    []float64
		b    float64
		name string
	}{
		{accuracyData(300_001, 1), []float64{1, 0}, 0, "|z| up to 700 and tiny"},
		{accuracyData(50_000, 2), []float64{0.5, 0.25}, -0.1, "mixed logits, both features"},
		// Every point far on its own side: each term is a tiny e^(−|z|), the sum small.
		{must(Separable(20_000, 3)), []float64{20, 20}, 0, "confident and right"},
		{must(Separable(20_000, 3)), []float64{-20, -20}, 0, "confident and wrong"},
		{benchData(100_000), []float64{1, -1}, 0.1, "the benchmark's data"},
	} {
		got, err := SumCrossEntropy(test.d, test.w, test.b)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceSum(test.d, test.w, test.b)
		if rel := math.Abs(got-want) / want; !(rel < 1e-13) {
			t.Errorf("%d (%s): fast sum %v, reference %v: relative error %.3g", i, test.name, got, want, rel)
		}
	}
}

// The vector kernels and the portable code agree, block by block, on every ISA this machine
// has; and the whole sum stays within the bound of the exact one on each.
func TestKernelMatchesGo(t *testing.T) {
	for isa := kernels.AVX2; isa <= kernels.Best(); isa++ {
		t.Run(isa.String(), func(t *testing.T) {
			defer kernels.Use(kernels.Use(isa))
			for seed := range uint64(20) {
				d := accuracyData(1024, seed)
				w, b := []float64{0.3 + float64(seed)/10, -1.1}, 0.2*float64(seed)-1
				for _, n := range []int{4, 8, 13, 100, 1024} {
					x, y := d.raw()[:2*n], d.y[:n]
					got, want := block(x, y, 2, w, b), blockGo(x, y, 2, w, b)
					if !scalar.EqualWithinRel(got, want, 1e-14) {
						t.Errorf("seed %d, %d points: kernel %v, Go %v", seed, n, got, want)
					}
				}
			}
			TestFastSumAccuracy(t)
		})
	}
}

// The result does not depend on the number of cores, and comparing k weight vectors gives
// each exactly what summing it alone gives.
func TestFastSumDeterministic(t *testing.T) {
	d := accuracyData(100_003, 9)
	ws := [][]float64{{1, 0}, {0.5, -2}, {-1, 1}}
	bs := []float64{0, 1, -3}
	all, err := CompareCrossEntropy(d, ws, bs)
	if err != nil {
		t.Fatal(err)
	}
	old := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(old)
	for c := range ws {
		one, _ := SumCrossEntropy(d, ws[c], bs[c])
		if one != all[c] {
			t.Errorf("weights %d: alone on one core %v, compared on %d cores %v", c, one, old, all[c])
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
