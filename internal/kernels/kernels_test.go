package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func random(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// The references: each element a chain of fused multiply-adds in order, as documented.
func refMatMul(a, b []float64, n, k, m int, bias []float64) []float64 {
	c := make([]float64, n*m)
	for i := range n {
		for j := range m {
			var s float64
			if bias != nil {
				s = bias[j]
			}
			for p := range k {
				s = FMA(a[i*k+p], b[p*m+j], s)
			}
			c[i*m+j] = s
		}
	}
	return c
}

func refMatMulTA(a, d []float64, n, k, m int) []float64 {
	c := make([]float64, k*m)
	for p := range k {
		for j := range m {
			var s float64
			for i := range n {
				s = FMA(a[i*k+p], d[i*m+j], s)
			}
			c[p*m+j] = s
		}
	}
	return c
}

func same(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: element %d is %v, want %v", what, i, got[i], want[i])
		}
	}
}

// eachISA runs f on every instruction set this machine (and build) can run, as a subtest.
func eachISA(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	if Fused() { // the Go code also as it runs where the CPU has no fused multiply-add
		t.Run("go-unfused", func(t *testing.T) {
			defer Use(Use(Go))
			defer UseFused(UseFused(false))
			f(t)
		})
	}
	for i := Go; i <= Best(); i++ {
		t.Run(i.String(), func(t *testing.T) {
			defer Use(Use(i))
			f(t)
		})
	}
}

// shapes are n×k·k×m products: the tiles' edges (rows not a multiple of 6, columns not of 8
// or 32), the networks' layers, and a few odd ones.
var shapes = [][3]int{
	{1, 1, 1}, {7, 3, 8}, {13, 5, 17}, {6, 64, 64}, {500, 64, 64}, {1000, 2, 64}, {257, 64, 1},
	{40, 9, 33}, {3, 1, 16}, {5, 7, 24}, {11, 4, 40}, {9, 6, 65}, {8, 3, 95}, {130, 784, 10},
	{20, 31, 256}, {14, 300, 31}, {600, 5, 3},
}

func TestMatMul(t *testing.T) {
	eachISA(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for i, s := range shapes {
			n, k, m := s[0], s[1], s[2]
			a, b, bias := random(rng, n*k), random(rng, k*m), random(rng, m)
			for _, bs := range [][]float64{nil, bias} {
				c := make([]float64, n*m)
				MatMul(c, a, b, n, k, m, bs)
				same(t, fmt.Sprintf("%d: MatMul %v", i, s), c, refMatMul(a, b, n, k, m, bs))
			}
			d := random(rng, n*m)
			c := make([]float64, k*m)
			MatMulTA(c, a, d, n, k, m)
			same(t, fmt.Sprintf("%d: MatMulTA %v", i, s), c, refMatMulTA(a, d, n, k, m))
			// d·bᵀ with b of k×m: the transpose of b is m×k.
			bt := make([]float64, m*k)
			for p := range k {
				for j := range m {
					bt[j*k+p] = b[p*m+j]
				}
			}
			c = make([]float64, n*k)
			MatMulTB(c, d, b, make([]float64, k*m), n, m, k)
			same(t, fmt.Sprintf("%d: MatMulTB %v", i, s), c, refMatMul(d, bt, n, m, k, nil))
		}
	})
}

func TestPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"MatMul lengths":   func() { MatMul(make([]float64, 3), make([]float64, 4), make([]float64, 4), 2, 2, 2, nil) },
		"MatMul bias":      func() { MatMul(make([]float64, 4), make([]float64, 4), make([]float64, 4), 2, 2, 2, []float64{1}) },
		"MatMulTA":         func() { MatMulTA(make([]float64, 4), make([]float64, 4), make([]float64, 5), 2, 2, 2) },
		"MatMulTB scratch": func() { MatMulTB(make([]float64, 4), make([]float64, 4), make([]float64, 4), nil, 2, 2, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// benchmarkMatMul times MatMul (op "") or MatMulTA ("TA") on n×k·k×m, on every ISA; MB/s reads
// as MFLOP/s.
func benchmarkMatMul(b *testing.B, op string, n, k, m int) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, w, d := random(rng, n*k), random(rng, k*m), random(rng, n*m)
	c := make([]float64, max(n, k)*m)
	for i := Go; i <= Best(); i++ {
		b.Run(i.String(), func(b *testing.B) {
			defer Use(Use(i))
			b.SetBytes(int64(2 * n * k * m))
			for b.Loop() {
				if op == "TA" {
					MatMulTA(c[:k*m], a, d, n, k, m)
				} else {
					MatMul(c[:n*m], a, w, n, k, m, nil)
				}
			}
		})
	}
}

func BenchmarkMatMul10000x64x64(b *testing.B)   { benchmarkMatMul(b, "", 10000, 64, 64) }
func BenchmarkMatMul256x64x64(b *testing.B)     { benchmarkMatMul(b, "", 256, 64, 64) }
func BenchmarkMatMul128x784x256(b *testing.B)   { benchmarkMatMul(b, "", 128, 784, 256) }
func BenchmarkMatMulTA10000x64x64(b *testing.B) { benchmarkMatMul(b, "TA", 10000, 64, 64) }
func BenchmarkMatMulTA128x784x256(b *testing.B) { benchmarkMatMul(b, "TA", 128, 784, 256) }
