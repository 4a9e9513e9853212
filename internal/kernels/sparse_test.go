package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// sparse returns n random values of which about the fraction zero are 0 (or −0).
func sparse(rng *rand.Rand, n int, zero float64) []float64 {
	v := random(rng, n)
	for i := range v {
		if rng.Float64() < zero {
			v[i] = math.Copysign(0, float64(i%2)-0.5)
		}
	}
	return v
}

func TestNonZerosScan(t *testing.T) {
	eachISA(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, k := range []int{1, 63, 64, 65, 784, 200} {
			n := 5
			a := sparse(rng, n*k, 0.7)
			a[k/2] = math.NaN()
			var z NonZeros
			z.Scan(a, n, k)
			for i := range n {
				for p := range k {
					got := z.bits[i*z.words+p/64]>>(p%64)&1 == 1
					if want := a[i*k+p] != 0; got != want {
						t.Fatalf("k=%d: element (%d, %d) = %v: nonzero %v", k, i, p, a[i*k+p], got)
					}
				}
			}
		}
	})
}

// MatMulNZ and MatMulTANZ give MatMul's and MatMulTA's bits (±0 compare equal), whatever the
// share of zeros, on every ISA.
func TestMatMulNZ(t *testing.T) {
	type test struct {
		what                string
		n, k, m             int
		a, b, bias, d       []float64
		want, wantB, wantTA []float64
		z                   NonZeros
	}
	var tests []*test
	rng := rand.New(rand.NewPCG(13, 14))
	for i, s := range append(shapes, [3]int{40, 200, 70}, [3]int{300, 70, 40}, [3]int{600, 130, 10}) {
		for _, zero := range []float64{0, 0.5, 0.8, 0.97, 1} {
			n, k, m := s[0], s[1], s[2]
			x := &test{what: fmt.Sprintf("%d: %v, %.0f%% zeros", i, s, 100*zero), n: n, k: k, m: m,
				a: sparse(rng, n*k, zero), b: random(rng, k*m), bias: random(rng, m), d: random(rng, n*m)}
			x.z.Scan(x.a, n, k)
			tests = append(tests, x)
		}
	}
	eachISA(t, func(t *testing.T) {
		for _, x := range tests {
			// The references here, as the multiply-adds of this run (fused or not) round.
			x.want, x.wantB = refMatMul(x.a, x.b, x.n, x.k, x.m, nil), refMatMul(x.a, x.b, x.n, x.k, x.m, x.bias)
			x.wantTA = refMatMulTA(x.a, x.d, x.n, x.k, x.m)
			c := random(rng, x.n*x.m) // overwritten
			MatMulNZ(c, x.a, &x.z, x.b, x.n, x.k, x.m, nil)
			same(t, x.what+": MatMulNZ", c, x.want)
			MatMulNZ(c, x.a, &x.z, x.b, x.n, x.k, x.m, x.bias)
			same(t, x.what+": MatMulNZ with bias", c, x.wantB)
			c = random(rng, x.k*x.m)
			MatMulTANZ(c, x.a, &x.z, x.d, x.n, x.k, x.m)
			same(t, x.what+": MatMulTANZ", c, x.wantTA)
		}
	})
}

// BenchmarkMatMulNZ128x784x256 times MatMulNZ and MatMulTANZ on MNIST-like inputs: 81% zeros, 128×784, and a
// 784×256 layer.
func BenchmarkMatMulNZ128x784x256(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, k, m := 128, 784, 256
	a, w, d := sparse(rng, n*k, 0.81), random(rng, k*m), random(rng, n*m)
	// Like images, the zeros are mostly the same columns: the first and last 40% of each row.
	for i := range n {
		for p := range k {
			if p < 300 || p > 500 {
				a[i*k+p] = 0
			}
		}
	}
	c := make([]float64, k*m)
	var z NonZeros
	for i := Go; i <= Best(); i++ {
		b.Run("NZ/"+i.String(), func(b *testing.B) {
			defer Use(Use(i))
			b.SetBytes(int64(2 * n * k * m))
			for b.Loop() {
				z.Scan(a, n, k)
				MatMulNZ(c[:n*m], a, &z, w, n, k, m, nil)
			}
		})
		b.Run("TANZ/"+i.String(), func(b *testing.B) {
			defer Use(Use(i))
			z.Scan(a, n, k)
			b.SetBytes(int64(2 * n * k * m))
			for b.Loop() {
				MatMulTANZ(c, a, &z, d, n, k, m)
			}
		})
	}
}
