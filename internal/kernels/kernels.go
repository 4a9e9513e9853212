// Package kernels holds the few dense-matrix routines that training spends its time in,
// written for the shapes of small networks — many rows, tens or hundreds of columns — and for
// speed: register-blocked assembly on amd64, split across cores, with a portable Go version
// of each. All matrices are row-major and contiguous (the stride is the number of columns),
// passed as slices with their dimensions.
//
// # Instruction sets
//
// The kernels are chosen when the program starts, from what the CPU reports
// (golang.org/x/sys/cpu): AVX-512 (6×32 tiles, gemm_avx512_amd64.s), else AVX2 with FMA (6×8
// tiles, gemm_amd64.s), else Go; -tags purego builds Go only. GODEBUG=cpu.avx512f=off makes
// an AVX-512 machine run the AVX2 kernels, and GODEBUG=cpu.avx2=off the Go code, as a
// machine without them would; [Current] says which run, and [Use] switches them in tests.
//
// # The same bits on every instruction set
//
// The assembly and Go versions compute each output element with the same operations in the
// same order (for the products, fused multiply-adds over the inner dimension, from the first
// term to the last), so all three give the same bits: a network trains to the same weights
// on any x86 CPU with FMA and elsewhere. The tests check every path this machine can run
// against the Go code, bit for bit. Where the CPU has no fused multiply-add, the Go code rounds
// products and sums apart ([FMA]): the last bits differ there.
package kernels

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// MatMul sets c (n×m) to a·b, where a is n×k and b is k×m, plus bias[j] in every column j if
// bias is not nil:
//
//	c[i][j] = bias[j] + Σ_p a[i][p]·b[p][j]
func MatMul(c, a, b []float64, n, k, m int, bias []float64) {
	checkLen("MatMul", c, n*m, a, n*k, b, k*m)
	if bias != nil && len(bias) != m {
		panic("kernels: MatMul: bias length differs from the column count")
	}
	parallelRows(n, n*k*m, func(lo, hi int) {
		gemm(c[lo*m:hi*m], a[lo*k:hi*k], k, 1, b, m, hi-lo, k, m, m, bias, false, nil)
	})
}

// MatMulTA sets c (k×m) to aᵀ·d, where a is n×k and d is n×m: the gradient of a layer's weights
// from its inputs a and the gradient d of its outputs.
//
//	c[p][j] = Σ_i a[i][p]·d[i][j]
func MatMulTA(c, a, d []float64, n, k, m int) {
	checkLen("MatMulTA", c, k*m, a, n*k, d, n*m)
	// The rows of c are the columns of a: element (p, i) of aᵀ is at a[i*k + p]. The sum over
	// the n rows goes in chunks of taChunk, each added to the last, so that a chunk of a and d
	// stays in cache while every tile of c takes its share.
	if n == 0 {
		clear(c)
		return
	}
	if m == 1 {
		// One column, the gradient of a single output unit: c as a row is dᵀ·a, the same
		// sums (the products' factors swapped), with a's rows in the vector lanes.
		parallelCols(k, n*k, func(lo, hi int) {
			gemm(c[lo:hi], d, 0, 1, a[lo:], k, 1, n, hi-lo, k, nil, false, nil)
		})
		return
	}
	parallelCols(m, n*k*m, func(lo, hi int) {
		for i := 0; i < n; i += taChunk {
			rows := min(taChunk, n-i)
			gemm(c[lo:], a[i*k:], 1, k, d[i*m+lo:], m, k, rows, hi-lo, m, nil, i > 0, nil)
		}
	})
}

// MatMulTB sets c (n×k) to d·bᵀ, where d is n×m and b is k×m: the gradient of a layer's
// inputs from the gradient d of its outputs and its weights b. t is scratch space of k·m
// values, for bᵀ.
//
//	c[i][p] = Σ_j d[i][j]·b[p][j]
func MatMulTB(c, d, b, t []float64, n, m, k int) {
	checkLen("MatMulTB", c, n*k, d, n*m, b, k*m)
	if len(t) < k*m {
		panic("kernels: MatMulTB: scratch too small")
	}
	for p := range k {
		for j := range m {
			t[j*k+p] = b[p*m+j]
		}
	}
	MatMul(c, d, t[:k*m], n, m, k, nil)
}

func checkLen(op string, c []float64, nc int, a []float64, na int, b []float64, nb int) {
	if len(c) != nc || len(a) != na || len(b) != nb {
		panic("kernels: " + op + ": slice lengths do not match the dimensions")
	}
}

// gemm sets the rows×cols block c (row stride ldc) to s + A·B over inner dimension k, where s
// is c itself if acc is true, else the bias (or 0), A's element (r, p) is a[r*ars + p*acs] and
// B's element (p, j) is b[p*ldb + j]. It covers the block with tiles of 6 rows (then 4, 2 and
// 1) on the vector kernels, a band of rows at a time across all the columns, so that the
// band's rows of A are read from cache for every strip of columns. Without the kernels it is
// all Go.
//
// If terms is not nil, terms(r, h) lists the terms of the band of rows r … r+h−1 to compute
// (see NonZeros.rowTerms), or returns nil for all of them: the others are known to add 0.
// (The Go code does not call it: it skips the zero elements of A itself.)
func gemm(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool, terms func(r, h int) []int64) {
	if k == 0 || isa == Go {
		gemmGo(c, a, ars, acs, b, ldb, rows, k, cols, ldc, bias, acc, terms != nil)
		return
	}
	vector(c, a, ars, acs, b, ldb, rows, k, cols, ldc, bias, acc, terms)
}

// gemmGo is gemm in Go, each element the same chain of multiply-adds ([FMA]), added a row of B
// at a time (so that B is read along its rows). With skipZeros, the terms whose element of A
// is zero are left out: they would add 0.
func gemmGo(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc, skipZeros bool) {
	for r := range rows {
		cr := c[r*ldc : r*ldc+cols]
		switch {
		case acc:
		case bias != nil:
			copy(cr, bias[:cols])
		default:
			clear(cr)
		}
		for p := range k {
			x := a[r*ars+p*acs]
			if skipZeros && x == 0 {
				continue
			}
			br := b[p*ldb : p*ldb+cols]
			if !fused { // FMA, with the test out of the loop
				for j, y := range br {
					cr[j] += x * y
				}
				continue
			}
			for j, y := range br {
				cr[j] = math.FMA(x, y, cr[j])
			}
		}
	}
}

var scratch = sync.Pool{New: func() any { return new([]float64) }}

// getScratch returns a slice of n values from a pool; putScratch gives it back.
func getScratch(n int) []float64 {
	p := scratch.Get().(*[]float64)
	if cap(*p) < n {
		*p = make([]float64, n)
	}
	return (*p)[:n]
}

func putScratch(s []float64) { scratch.Put(&s) }

// taChunk is how many rows of a and d MatMulTA sums at a time: 2·256·64 values, 256 KiB,
// stay in the level-2 cache.
const taChunk = 256

// tileHeight returns the height of the tile for the next rows of a band: 6, 4, 2 or 1.
func tileHeight(rows int) int {
	switch {
	case rows >= 6:
		return 6
	case rows >= 4:
		return 4
	case rows >= 2:
		return 2
	}
	return 1
}

// minParallel is the least work (multiply-adds) worth splitting between cores: starting
// goroutines and waiting for them costs tens of microseconds, about as long as 2²¹
// multiply-adds take on one core.
const minParallel = 1 << 21

// parallelRows runs f on row ranges of [0, n) on every core, if work is worth it. Ranges are
// multiples of 6 rows, the kernel's tile height.
func parallelRows(n, work int, f func(lo, hi int)) {
	split(n, 6, work, f)
}

// parallelCols runs f on column ranges of [0, m), multiples of the kernel's width: 8 columns,
// or 32 with AVX-512.
func parallelCols(m, work int, f func(lo, hi int)) {
	unit := 8
	if isa == AVX512 {
		unit = 32
	}
	split(m, unit, work, f)
}

func split(n, unit, work int, f func(lo, hi int)) {
	if n == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), (n+unit-1)/unit)
	if work < minParallel || workers < 2 {
		f(0, n)
		return
	}
	// Many more chunks than workers, handed out as the workers ask: on a shared machine one
	// core may run slower than another, and a fixed half each would wait for the slow one.
	units := (n + unit - 1) / unit
	per := max(1, units/(8*workers)) * unit
	var next atomic.Int64
	run := func() {
		for {
			lo := int(next.Add(int64(per))) - per
			if lo >= n {
				return
			}
			f(lo, min(lo+per, n))
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	run()
	wg.Wait()
}
