package dlkit

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestCrossEntropy(t *testing.T) {
	inf := math.Inf(1)
	for i, test := range []struct{ y, p, want float64 }{
		{1, 0.5, math.Ln2},
		{0, 0.5, math.Ln2},
		{1, 1, 0},   // the literal formula gives 0·log(0) = NaN here
		{0, 0, 0},   // and here
		{1, 0, inf}, // log(0): certain and wrong
		{0, 1, inf},
		{1, 0.9, -math.Log(0.9)},
		{0, 0.9, -math.Log(0.1)},
		{0.25, 0.5, math.Ln2},
	} {
		got := CrossEntropy(test.y, test.p)
		if !(got == test.want || scalar.EqualWithinRel(got, test.want, 1e-15)) {
			t.Errorf("%d: E(%v, %v) = %v, want %v", i, test.y, test.p, got, test.want)
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN(), math.Inf(1)} {
		for _, y := range []float64{0, 0.5, 1} {
			if got := CrossEntropy(y, p); !math.IsNaN(got) {
				t.Errorf("E(%v, %v) = %v, want NaN", y, p, got)
			}
		}
	}
}

func TestCrossEntropyLogit(t *testing.T) {
	// Where 1 − σ(z) and σ(z) are both far from 0, the formula on probabilities is accurate
	// too, and the two forms agree. (Beyond, 1 − σ(z) cancels: at z = 30 the probability form
	// is already wrong in the fourth digit.)
	for _, z := range []float64{-4, -1, -1e-9, 0, 1e-9, 0.5, 3, 4} {
		for _, y := range []float64{0, 1} {
			p := Sigmoid.Apply(z)
			if got, want := CrossEntropyLogit(y, z), CrossEntropy(y, p); !scalar.EqualWithinAbsOrRel(got, want, 1e-15, 1e-12) {
				t.Errorf("y=%v z=%v: from logit %v, from probability %v", y, z, got, want)
			}
		}
	}
	// Where σ(z) rounds to 1, the probability form hits log(0); the logit form stays finite
	// and exact: E(0, σ(z)) = softplus(z) ≈ z, E(1, σ(z)) = softplus(−z) ≈ e^(−z).
	for _, z := range []float64{37, 50, 700, 1e300} {
		if p := Sigmoid.Apply(z); !math.IsInf(CrossEntropy(0, p), 1) {
			t.Errorf("z=%v: expected the probability form to overflow, got %v", z, CrossEntropy(0, p))
		}
		if got := CrossEntropyLogit(0, z); !scalar.EqualWithinRel(got, z, 1e-15) {
			t.Errorf("E(0, σ(%v)) = %v, want %v", z, got, z)
		}
		if got, want := CrossEntropyLogit(1, z), math.Exp(-z); !scalar.EqualWithinRel(got, want, 1e-15) {
			t.Errorf("E(1, σ(%v)) = %v, want %v", z, got, want)
		}
		if got := CrossEntropyLogit(1, -z); !scalar.EqualWithinRel(got, z, 1e-15) {
			t.Errorf("E(1, σ(%v)) = %v, want %v", -z, got, z)
		}
	}
}

func TestSumCrossEntropyAccuracy(t *testing.T) {
	// 100k points with logits from tiny to |z| ≈ 700, labels at random: the sum must match
	// the exactly summed per-point terms (big.Float) to 1e-15.
	const n = 100_000
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 2*n)
	y := make([]float64, n)
	exact := new(big.Float).SetPrec(200)
	w, b := []float64{1, 0}, 0.0
	for i := range n {
		switch i % 3 {
		case 0:
			x[2*i] = (rng.Float64()*2 - 1) * 700
		case 1:
			x[2*i] = (rng.Float64()*2 - 1) * 1e-12
		default:
			x[2*i] = rng.NormFloat64() * 5
		}
		x[2*i+1] = rng.NormFloat64()
		y[i] = float64(rng.IntN(2))
		exact.Add(exact, big.NewFloat(CrossEntropyLogit(y[i], affine(w, x[2*i:2*i+2], b))))
	}
	d := newDataset(n, 2, x, y, nil, "")
	got, err := SumCrossEntropy(d, w, b)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := exact.Float64()
	if !scalar.EqualWithinRel(got, want, 1e-15) {
		t.Errorf("sum = %v, exactly summed terms = %v (relative error %.2g)", got, want, math.Abs(got-want)/want)
	}
	mean, err := MeanCrossEntropy(d, w, b)
	if err != nil || mean != got/n {
		t.Errorf("mean = %v, %v, want %v", mean, err, got/n)
	}
}

func TestCompareCrossEntropy(t *testing.T) {
	d, err := Separable(999, 3)
	if err != nil {
		t.Fatal(err)
	}
	weights := [][]float64{{0, 0}, {1, 1}, {1, -1}, {-2, 0.5}, {40, 40}}
	biases := []float64{0, 0.1, -1, 3, 0}
	sums, err := CompareCrossEntropy(d, weights, biases)
	if err != nil {
		t.Fatal(err)
	}
	for c, w := range weights {
		one, err := SumCrossEntropy(d, w, biases[c])
		if err != nil {
			t.Fatal(err)
		}
		if sums[c] != one {
			t.Errorf("choice %d: compared %v, alone %v", c, sums[c], one)
		}
	}
	// Weights along the true boundary's normal separate the data: far lower loss than none.
	if !(sums[1] < sums[0]/10) {
		t.Errorf("w=(1,1) should beat w=(0,0) by far: %v vs %v", sums[1], sums[0])
	}
}

func TestLossErrors(t *testing.T) {
	d := TutorialData()
	for i, test := range []struct {
		w    [][]float64
		b    []float64
		is   error
		says string
	}{
		{nil, nil, ErrEmpty, "no weight vectors"},
		{[][]float64{{1, 2}}, []float64{0, 1}, ErrShape, "1 weight vectors but 2 biases"},
		{[][]float64{{1, 2}, {1, 2, 3}}, []float64{0, 0}, ErrShape, "choice 1: dlkit: 3 weights for data with 2 features"},
		{[][]float64{{1, math.NaN()}}, []float64{0}, ErrNotFinite, "choice 0: dlkit: weights[1] is NaN"},
		{[][]float64{{1, 2}}, []float64{math.Inf(-1)}, ErrNotFinite, "bias is -Inf"},
	} {
		_, err := CompareCrossEntropy(d, test.w, test.b)
		if err == nil || !errors.Is(err, test.is) || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
	three := MustNewDataset([][]float64{{1, 2}, {3, 4}}, []float64{0, 2})
	for _, err := range []error{second(SumCrossEntropy(three, []float64{1, 1}, 0)), second(CompareCrossEntropy(three, [][]float64{{1, 1}}, []float64{0}))} {
		if !errors.Is(err, ErrLabel) || !strings.Contains(err.Error(), "point 1: label 2, but binary cross-entropy takes labels 0 and 1") {
			t.Errorf("cross-entropy on 3 classes: %v", err)
		}
	}
	if _, err := SumCrossEntropy(d, []float64{1}, 0); !errors.Is(err, ErrShape) {
		t.Errorf("SumCrossEntropy with 1 weight: %v", err)
	}
	if _, err := MeanCrossEntropy(d, []float64{1, 2}, math.NaN()); !errors.Is(err, ErrNotFinite) {
		t.Errorf("MeanCrossEntropy with a NaN bias: %v", err)
	}
}

// benchData returns n two-feature points drawn like ../shared/anchors/numpy_bce.py: standard
// normal features, label 1 where x1 + x2 > 0.
func benchData(n int) *Dataset {
	rng := rand.New(rand.NewPCG(0, 0))
	x := make([]float64, 2*n)
	y := make([]float64, n)
	for i := range n {
		x[2*i], x[2*i+1] = rng.NormFloat64(), rng.NormFloat64()
		if x[2*i]+x[2*i+1] > 0 {
			y[i] = 1
		}
	}
	return newDataset(n, 2, x, y, nil, "")
}

func BenchmarkSumCrossEntropy(b *testing.B) {
	for _, n := range []int{1000, 1_000_000, 10_000_000} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			d := benchData(n)
			w := []float64{1, -1}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SumCrossEntropy(d, w, 0.1); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/point")
		})
	}
}

func second[T any](_ T, err error) error { return err }

// BenchmarkCompareCrossEntropy compares 16 weight vectors over the benchmark's points in one
// pass; set beside BenchmarkSumCrossEntropy for the cost of each extra weight vector.
func BenchmarkCompareCrossEntropy(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		b.Run("k=16/N="+strconv.Itoa(n), func(b *testing.B) {
			d := benchData(n)
			ws, bs := make([][]float64, 16), make([]float64, 16)
			for c := range ws {
				a := 2 * math.Pi * float64(c) / 16
				ws[c], bs[c] = []float64{math.Cos(a), math.Sin(a)}, 0.1*float64(c)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := CompareCrossEntropy(d, ws, bs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTutorialSumsRounding pins what notebook 3 says of the tutorial's sums, against values to
// 30 digits (mpmath): for w = (0, 0) and (1, −1) the compensated sum is the true sum correctly
// rounded; for w = (1, 1) it is one ulp below, as the terms carry their own roundings.
func TestTutorialSumsRounding(t *testing.T) {
	sums, err := CompareCrossEntropy(TutorialData(), [][]float64{{0, 0}, {1, -1}, {1, 1}}, []float64{0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		exact string  // the true sum
		ulps  float64 // how far the computed sum may be from its correct rounding
	}{
		{"2.77258872223978123766892848583", 0},
		{"7.80203873765316022330064371615", 0},
		{"0.0317040270857691364041668325031", 1},
	} {
		rounded, _ := strconv.ParseFloat(test.exact, 64)
		if got := ulps(sums[i], rounded); got > test.ulps {
			t.Errorf("%d: sum %v, %v ulps from the correctly rounded %v; want at most %v", i, sums[i], got, rounded, test.ulps)
		}
	}
	if math.Nextafter(sums[2], 1) != 0.03170402708576914 {
		t.Errorf("w = (1, 1): %v, notebook 3 says it is one ulp below 0.03170402708576914", sums[2])
	}
}
