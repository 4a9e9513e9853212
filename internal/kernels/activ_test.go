package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestTanh(t *testing.T) { eachISA(t, testTanh) }

func testTanh(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 100003)
	for i := range v {
		switch i % 4 {
		case 0:
			v[i] = rng.NormFloat64()
		case 1:
			v[i] = rng.NormFloat64() * 10
		case 2:
			v[i] = math.Ldexp(rng.NormFloat64(), -rng.IntN(40))
		default:
			v[i] = (rng.Float64()*2 - 1) * 0.4
		}
	}
	v[0], v[1], v[2], v[3], v[4] = 0, math.Copysign(0, -1), 25, -800, 1e-300
	x := append([]float64(nil), v...)
	Tanh(v)
	worst := 0.0
	for i, xi := range x {
		if v[i] != tanh(xi) {
			t.Fatalf("tanh(%v): vector %v, scalar %v", xi, v[i], tanh(xi))
		}
		want := math.Tanh(xi)
		if math.Signbit(v[i]) != math.Signbit(want) {
			t.Fatalf("tanh(%v) = %v, math.Tanh %v", xi, v[i], want)
		}
		if want != 0 {
			ulp := math.Nextafter(math.Abs(want), 2) - math.Abs(want)
			worst = math.Max(worst, math.Abs(v[i]-want)/ulp)
		} else if v[i] != 0 {
			t.Fatalf("tanh(%v) = %v, want 0", xi, v[i])
		}
	}
	if worst > 3 {
		t.Errorf("Tanh is up to %v ulps from math.Tanh", worst)
	}
	nan := []float64{math.NaN(), 1, 2, 3}
	Tanh(nan)
	if !math.IsNaN(nan[0]) || !math.IsNaN(tanh(math.NaN())) {
		t.Errorf("tanh(NaN) = %v, %v", nan[0], tanh(math.NaN()))
	}
}

func TestTanhGradColSum(t *testing.T) {
	eachISA(t, func(t *testing.T) {
		for _, m := range []int{37, 64, 3, 100} {
			testTanhGradColSum(t, 1001, m)
		}
	})
}

func testTanhGradColSum(t *testing.T, n, m int) {
	rng := rand.New(rand.NewPCG(5, 6))
	d, h := random(rng, n*m), random(rng, n*m)
	want := make([]float64, len(d))
	for i := range d {
		want[i] = d[i] * FMA(-h[i], h[i], 1)
	}
	TanhGrad(d, h)
	same(t, "TanhGrad", d, want)

	sums := make([]float64, m)
	ColSum(sums, d, n, m)
	ref := make([]float64, m)
	for j := range m {
		for i := range n {
			ref[j] += d[i*m+j]
		}
	}
	same(t, "ColSum", sums, ref)
}

// ReLU and ReLUGrad, on every ISA, give what the scalar definitions give, bit for bit:
// relu(x) = 0 for x < 0 and x otherwise (−0 and NaN stay), and d·step(h).
func TestReLU(t *testing.T) {
	eachISA(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, n := range []int{0, 1, 5, 8, 13, 1000} {
			v, d := random(rng, n), random(rng, n)
			special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), -1e-310}
			for i := range min(n, len(special)) {
				v[i], d[(i+1)%n] = special[i], special[len(special)-1-i]
			}
			x, g := append([]float64(nil), v...), append([]float64(nil), d...)
			ReLU(v)
			for i, xi := range x {
				want := xi
				if xi < 0 {
					want = 0
				}
				if math.Float64bits(v[i]) != math.Float64bits(want) {
					t.Fatalf("n=%d: relu(%v) = %v, want %v", n, xi, v[i], want)
				}
			}
			ReLUGrad(d, v)
			for i, h := range v {
				step := math.NaN()
				if h > 0 {
					step = 1
				} else if h <= 0 {
					step = 0
				}
				if want := g[i] * step; math.Float64bits(d[i]) != math.Float64bits(want) {
					t.Fatalf("n=%d: %v·step(%v) = %v, want %v", n, g[i], h, d[i], want)
				}
			}
		}
	})
}

func BenchmarkTanh(b *testing.B) {
	v := random(rand.New(rand.NewPCG(1, 1)), 640000)
	b.SetBytes(8 * 640000)
	for b.Loop() {
		Tanh(v)
	}
}
