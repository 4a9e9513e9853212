// Package kernels holds the few dense-matrix routines that training spends its time in,
// written for the shapes of small networks — many rows, tens of columns — and for speed:
// register-blocked AVX2/FMA assembly on amd64 (gemm_amd64.s), split across cores, with a
// portable Go version of each. All matrices are row-major and contiguous (the stride is the
// number of columns), passed as slices with their dimensions.
//
// The assembly and Go versions compute each output element with the same operations in the
// same order (fused multiply-adds over the inner dimension, from the first term to the last),
// so their results agree to the bit.
package kernels

import (
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
		gemm(c[lo*m:hi*m], a[lo*k:hi*k], k, 1, b, m, hi-lo, k, m, m, bias, false)
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
	parallelCols(m, n*k*m, func(lo, hi int) {
		for i := 0; i < n; i += taChunk {
			rows := min(taChunk, n-i)
			gemm(c[lo:], a[i*k:], 1, k, d[i*m+lo:], m, k, rows, hi-lo, m, nil, i > 0)
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
// B's element (p, j) is b[p*ldb + j]. It covers the block with 6×8 tiles (then 4-, 2- and
// 1-row tiles) on the vector kernel, a band of rows at a time across all the columns, so that
// the band's rows of A are read from cache for every strip; the last columns, if cols is not a
// multiple of 8, go through the kernel too, padded with zeros to 8. Without the kernel it is
// all Go.
func gemm(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool) {
	if !haveAVX2 || k == 0 {
		gemmGo(c, a, ars, acs, b, ldb, rows, k, cols, ldc, bias, acc)
		return
	}
	vcols := cols &^ 7
	rem := cols - vcols
	var bp, cp []float64
	var biasp *float64
	if rem > 0 {
		// The last rem columns: b's copied into k×8 and c's into rows×8, zero-padded.
		pad := getScratch((k + rows + 1) * 8)
		defer putScratch(pad)
		bp, cp = pad[:k*8], pad[k*8:(k+rows)*8]
		clear(pad)
		for p := range k {
			copy(bp[p*8:p*8+rem], b[p*ldb+vcols:p*ldb+cols])
		}
		if acc {
			for r := range rows {
				copy(cp[r*8:r*8+rem], c[r*ldc+vcols:r*ldc+cols])
			}
		}
		if bias != nil {
			copy(pad[(k+rows)*8:], bias[vcols:])
			biasp = &pad[(k+rows)*8]
		}
	}
	for r := 0; r < rows; {
		h := 6
		for h > rows-r {
			h = tileRows[h]
		}
		ar := &a[r*ars]
		for j := 0; j < vcols; j += 8 {
			var bj *float64
			if bias != nil {
				bj = &bias[j]
			}
			kernel(h, k, ar, ars, acs, &b[j], ldb, &c[r*ldc+j], ldc, bj, acc)
		}
		if rem > 0 {
			kernel(h, k, ar, ars, acs, &bp[0], 8, &cp[r*8], 8, biasp, acc)
		}
		r += h
	}
	for r := range rows * min(rem, 1) {
		copy(c[r*ldc+vcols:r*ldc+cols], cp[r*8:r*8+rem])
	}
}

// gemmGo is gemm in Go, each element the same chain of fused multiply-adds.
func gemmGo(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool) {
	for r := range rows {
		for j := range cols {
			var s float64
			switch {
			case acc:
				s = c[r*ldc+j]
			case bias != nil:
				s = bias[j]
			}
			for p := range k {
				s = fma(a[r*ars+p*acs], b[p*ldb+j], s)
			}
			c[r*ldc+j] = s
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

// tileRows[h] is the next smaller tile height after h.
var tileRows = [7]int{6: 4, 5: 4, 4: 2, 3: 2, 2: 1}

// minParallel is the least work (multiply-adds) worth splitting between cores: starting
// goroutines and waiting for them costs tens of microseconds, about as long as 2²¹
// multiply-adds take on one core.
const minParallel = 1 << 21

// parallelRows runs f on row ranges of [0, n) on every core, if work is worth it. Ranges are
// multiples of 6 rows, the kernel's tile height.
func parallelRows(n, work int, f func(lo, hi int)) {
	split(n, 6, work, f)
}

// parallelCols runs f on column ranges of [0, m), multiples of 8 columns.
func parallelCols(m, work int, f func(lo, hi int)) {
	split(m, 8, work, f)
}

func split(n, unit, work int, f func(lo, hi int)) {
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
