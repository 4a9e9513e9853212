package kernels

import (
	"math/bits"
	"sync"
)

// NonZeros is the pattern of a matrix's nonzero elements (NaN counts as nonzero), one bit per
// element, row by row: what MatMulNZ and MatMulTANZ need to skip the zero terms of a product.
// Inputs such as images are mostly zeros (MNIST's pixels are 81% blank), and a product with
// them is mostly terms that add 0.
type NonZeros struct {
	n, k, words int
	bits        []uint64 // row i's elements p at bit p%64 of bits[i*words + p/64]
}

// Scan sets z to the pattern of a, an n×k matrix, reusing z's storage.
func (z *NonZeros) Scan(a []float64, n, k int) {
	if len(a) != n*k {
		panic("kernels: NonZeros.Scan: slice length does not match the dimensions")
	}
	z.n, z.k, z.words = n, k, (k+63)/64
	if cap(z.bits) < n*z.words {
		z.bits = make([]uint64, n*z.words)
	}
	z.bits = z.bits[:n*z.words]
	full := k &^ 63 // elements in whole words, for the vector kernels
	if isa == Go {
		full = 0
	}
	for i := range n {
		row, w := a[i*k:(i+1)*k], z.bits[i*z.words:(i+1)*z.words]
		clear(w)
		if full > 0 {
			if isa == AVX512 {
				nonzeroAVX512(&w[0], &row[0], full)
			} else {
				nonzeroAVX2(&w[0], &row[0], full)
			}
		}
		for p := full; p < k; p++ {
			if row[p] != 0 {
				w[p/64] |= 1 << (p % 64)
			}
		}
	}
}

func (z *NonZeros) check(op string, n, k int) {
	if z.n != n || z.k != k {
		panic("kernels: " + op + ": the NonZeros pattern is not of an n×k matrix")
	}
}

// MatMulNZ is MatMul for an a with many zeros, whose pattern z was scanned from it: it gives
// MatMul's bits (except that a sum that is exactly zero may be −0 where MatMul's is +0), and
// saves the terms where the elements of a are zero in a whole tile of rows (on the Go ISA,
// each zero element's term).
func MatMulNZ(c, a []float64, z *NonZeros, b []float64, n, k, m int, bias []float64) {
	checkLen("MatMulNZ", c, n*m, a, n*k, b, k*m)
	z.check("MatMulNZ", n, k)
	if bias != nil && len(bias) != m {
		panic("kernels: MatMulNZ: bias length differs from the column count")
	}
	if m < listWidth() {
		MatMul(c, a, b, n, k, m, bias) // no strip wide enough for the list kernels
		return
	}
	parallelRows(n, n*k*m/2, func(lo, hi int) {
		steps := getSteps(2 * k)
		defer putSteps(steps)
		terms := func(r, h int) []int64 { return z.rowTerms(steps, lo+r, h, 8, int64(m)*8) }
		gemm(c[lo*m:hi*m], a[lo*k:hi*k], k, 1, b, m, hi-lo, k, m, m, bias, false, terms)
	})
}

// MatMulTANZ is MatMulTA for an a with many zeros, whose pattern z was scanned from it, as
// MatMulNZ is MatMul: c (k×m) = aᵀ·d, skipping the rows i where a's elements in a whole tile
// of columns are zero.
func MatMulTANZ(c, a []float64, z *NonZeros, d []float64, n, k, m int) {
	checkLen("MatMulTANZ", c, k*m, a, n*k, d, n*m)
	z.check("MatMulTANZ", n, k)
	if n == 0 || m < listWidth() {
		MatMulTA(c, a, d, n, k, m)
		return
	}
	// By bands of c's rows (a's columns), so that each band finds its terms once for all of
	// c's columns; the sum over the n rows goes in chunks, as in MatMulTA.
	parallelRows(k, n*k*m/2, func(lo, hi int) {
		steps := getSteps(2*min(n, taChunk) + 2)
		defer putSteps(steps)
		for i := 0; i < n; i += taChunk {
			rows := min(taChunk, n-i)
			terms := func(r, h int) []int64 { return z.colTerms(steps, i, rows, lo+r, h, int64(k)*8, int64(m)*8) }
			gemm(c[lo*m:hi*m], a[i*k+lo:], 1, k, d[i*m:], m, hi-lo, rows, m, m, nil, i > 0, terms)
		}
	})
}

// listWidth is the fewest columns a strip of the list kernels has: 8 with AVX2, 32 with
// AVX-512 (narrower strips go through the plain kernels); 1 for the Go code, which skips
// each zero.
func listWidth() int {
	switch isa {
	case AVX512:
		return 32
	case AVX2:
		return 8
	}
	return 1
}

// rowTerms lists, in steps, the columns p where any of the rows r … r+h−1 has a nonzero
// element: for each, the distance from the previous one (from 0 for the first) in a's bytes
// (sa per column) and in b's (sb per column), as the list kernels take them. It returns nil
// if nearly all columns are listed: then the plain kernel is as fast.
func (z *NonZeros) rowTerms(steps []int64, r, h int, sa, sb int64) []int64 {
	steps = steps[:0]
	w := z.bits[r*z.words : (r+h)*z.words]
	prev := int64(0)
	for q := range z.words {
		var u uint64
		for i := range h {
			u |= w[i*z.words+q]
		}
		for u != 0 {
			p := int64(q*64 + bits.TrailingZeros64(u))
			u &= u - 1
			steps = append(steps, (p-prev)*sa, (p-prev)*sb)
			prev = p
		}
	}
	if len(steps)/2 > z.k*7/8 {
		return nil
	}
	return steps
}

// colTerms lists, in steps, the rows i of i0 … i0+n−1 where any of the columns p … p+h−1 is
// nonzero, as rowTerms lists columns.
func (z *NonZeros) colTerms(steps []int64, i0, n, p, h int, sa, sb int64) []int64 {
	steps = steps[:2*n+2]
	q, s := p/64, uint(p%64)
	mask := uint64(1)<<h - 1
	bits, words := z.bits[(i0*z.words)+q:], z.words
	spans := s+uint(h) > 64 // the columns continue in the next word
	// First the rows themselves, without branches, which would be mispredicted: each row is
	// written, and kept (count moves on) only if it has a nonzero.
	var count int
	for i := range n {
		x := bits[i*words] >> s
		if spans {
			x |= bits[i*words+1] << (64 - s)
		}
		x &= mask
		steps[2*count] = int64(i)
		count += int((x | -x) >> 63)
	}
	if count > n*7/8 {
		return nil
	}
	// Then the distances, from the last row back to the first.
	for t := count - 1; t >= 0; t-- {
		d := steps[2*t]
		if t > 0 {
			d -= steps[2*t-2]
		}
		steps[2*t], steps[2*t+1] = d*sa, d*sb
	}
	return steps[:2*count]
}

var stepPool = sync.Pool{New: func() any { return new([]int64) }}

// getSteps returns a slice with room for n steps from a pool; putSteps gives it back.
func getSteps(n int) []int64 {
	p := stepPool.Get().(*[]int64)
	if cap(*p) < n {
		*p = make([]int64, 0, n)
	}
	return (*p)[:0]
}

func putSteps(s []int64) { stepPool.Put(&s) }
