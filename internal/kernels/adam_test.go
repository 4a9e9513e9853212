package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// oldAdam is Adam as dlkit computed it before it had a kernel, one element at a time; the
// kernel must give its bits.
func oldAdam(p, m, v, g []float64, lr, beta1, beta2, eps float64, t int) {
	c1 := 1 - math.Pow(beta1, float64(t))
	c2 := 1 - math.Pow(beta2, float64(t))
	for j := range p {
		m[j] = float64(beta1*m[j]) + float64((1-beta1)*g[j])
		v[j] = float64(beta2*v[j]) + float64(float64((1-beta2)*g[j])*g[j])
		p[j] -= float64(lr*(m[j]/c1)) / (math.Sqrt(v[j]/c2) + eps)
	}
}

func TestAdam(t *testing.T) {
	eachISA(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, n := range []int{1, 7, 8, 9, 63, 1000, 200_003} {
			p, g := random(rng, n), make([]float64, n)
			m, v := make([]float64, n), make([]float64, n)
			p2, m2, v2 := append([]float64(nil), p...), make([]float64, n), make([]float64, n)
			for step := 1; step <= 5; step++ {
				for i := range g {
					// Gradients of every size, some exactly 0.
					g[i] = math.Ldexp(rng.NormFloat64(), -rng.IntN(60))
					if rng.IntN(5) == 0 {
						g[i] = 0
					}
				}
				s := AdamStep{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
					C1: 1 - math.Pow(0.9, float64(step)), C2: 1 - math.Pow(0.999, float64(step))}
				Adam(p, m, v, g, s)
				oldAdam(p2, m2, v2, g, 1e-3, 0.9, 0.999, 1e-8, step)
				for _, x := range [][2][]float64{{p, p2}, {m, m2}, {v, v2}} {
					same(t, fmt.Sprintf("n=%d, step %d", n, step), x[0], x[1])
				}
			}
		}
	})
}

// BenchmarkAdam steps the MNIST network's first layer (200,960 parameters: 6.4 MB of
// parameters, moments and gradients, more than a core's cache) and a layer that fits.
func BenchmarkAdam(b *testing.B) {
	for _, n := range []int{784*256 + 256, 20000} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) { benchmarkAdam(b, n) })
	}
}

func benchmarkAdam(b *testing.B, n int) {
	rng := rand.New(rand.NewPCG(1, 2))
	p, m, v, g := random(rng, n), make([]float64, n), make([]float64, n), random(rng, n)
	s := AdamStep{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, C1: 0.1, C2: 0.001}
	for i := Go; i <= Best(); i++ {
		b.Run(i.String(), func(b *testing.B) {
			defer Use(Use(i))
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				Adam(p, m, v, g, s)
			}
		})
	}
}

// The vector kernels divide by C1 and C2 with a reciprocal and two corrections (see
// adam_amd64.s); they must give the quotient rounded as a division does, also where it is
// nearly halfway between two doubles, and for values out of the corrections' range. With
// β₁ = β₂ = 0 the moments are m = g and v = g², so g sets the numerators.
func TestAdamDivision(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const n = 1 << 16
	var cases [][2][]float64 // g and p for each C1
	var cs [][2]float64
	for range 8 {
		c1 := []float64{1 - math.Pow(0.9, float64(1+rng.IntN(100))), math.Ldexp(1+rng.Float64(), -1-rng.IntN(59)),
			math.Float64frombits(0x3fefffffffffffff - uint64(rng.IntN(8))), 0.5}[rng.IntN(4)]
		c2 := 1 - math.Pow(0.999, float64(1+rng.IntN(10000)))
		g, p := make([]float64, n), random(rng, n)
		for i := range g {
			switch i % 8 {
			case 0, 1, 2, 3: // a/C1 next to a midpoint: a = c·(q + ulp(q)/2), give or take ulps
				q := math.Ldexp(1+rng.Float64(), rng.IntN(900)-450)
				hi, half := c1*q, c1*(math.Nextafter(q, 2*q)-q)/2
				g[i] = hi + (math.FMA(c1, q, -hi) + half)
				g[i] = math.Float64frombits(math.Float64bits(g[i]) + uint64(rng.IntN(5)) - 2)
			case 4:
				g[i] = math.Ldexp(rng.NormFloat64(), rng.IntN(900)-450)
			case 5:
				g[i] = 0
			default: // now and then out of range, or near its ends
				g[i] = []float64{0x1p-900, math.Nextafter(0x1p-900, 0), 1e-300, 1e-320, 0x1p900, 1e300,
					math.Copysign(0, -1), math.Inf(1), math.NaN(), rng.NormFloat64()}[rng.IntN(10)]
			}
			if rng.IntN(2) == 0 {
				g[i] = -g[i]
			}
		}
		cases = append(cases, [2][]float64{g, p})
		cs = append(cs, [2]float64{c1, c2})
	}
	eachISA(t, func(t *testing.T) {
		for i, c := range cases {
			s := AdamStep{LR: 0.01, Eps: 1e-8, C1: cs[i][0], C2: cs[i][1]}
			g, p := c[0], append([]float64(nil), c[1]...)
			m, v := make([]float64, n), make([]float64, n)
			p2, m2, v2 := append([]float64(nil), p...), make([]float64, n), make([]float64, n)
			Adam(p, m, v, g, s)
			adamGo(p2, m2, v2, g, s)
			for j := range p {
				if math.Float64bits(p[j]) != math.Float64bits(p2[j]) && !(math.IsNaN(p[j]) && math.IsNaN(p2[j])) {
					t.Fatalf("C1 = %v, C2 = %v, g = %v: p = %v, want %v", s.C1, s.C2, g[j], p[j], p2[j])
				}
			}
		}
	})
}
