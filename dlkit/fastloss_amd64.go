//go:build !purego

package dlkit

import (
	"math"

	"github.com/percept-go/percept/internal/kernels"
)

// bceKernelAVX2 runs the fast cross-entropy algorithm (see fastloss.go) on n two-feature points
// (x row-major, n a multiple of 4 and at most 1024) four at a time, with the unit
// z = w0·x1 + w1·x2 + b. It leaves, per lane, the Kahan sum and its compensation of the
// additive terms and the product of the factors 1 + t in out[0:4], out[4:8] and out[8:12].
//
//go:noescape
func bceKernelAVX2(x, y *float64, n int, w0, w1, b float64, out *[12]float64)

// blockAVX2 is blockGo for two-feature data, on the vector kernel; len(y) is a multiple of 4.
func blockAVX2(x, y []float64, w []float64, b float64) float64 {
	if len(y) == 0 {
		return 0
	}
	var out [12]float64
	bceKernelAVX2(&x[0], &y[0], len(y), w[0], w[1], b, &out)
	var s float64
	for k := range 4 {
		s += (out[k] - out[4+k]) + math.Log(out[8+k])
	}
	return s
}

// bceKernelAVX512 is bceKernelAVX2 on eight points at a time (n a multiple of 8): the sums,
// compensations and products of its eight lanes in out[0:8], out[8:16] and out[16:24].
//
//go:noescape
func bceKernelAVX512(x, y *float64, n int, w0, w1, b float64, out *[24]float64)

// blockAVX512 is blockAVX2 on the AVX-512 kernel; len(y) is a multiple of 8. Its eight lanes
// group the points otherwise than blockAVX2's four, so the two agree to rounding, not bits.
func blockAVX512(x, y []float64, w []float64, b float64) float64 {
	if len(y) == 0 {
		return 0
	}
	var out [24]float64
	bceKernelAVX512(&x[0], &y[0], len(y), w[0], w[1], b, &out)
	var s float64
	for k := range 8 {
		s += (out[k] - out[8+k]) + math.Log(out[16+k])
	}
	return s
}

// blockVector runs the block on the vector kernel of isa (AVX2 or AVX512); len(y) is a
// multiple of its lanes.
func blockVector(x, y []float64, w []float64, b float64, isa kernels.ISA) float64 {
	if isa == kernels.AVX512 {
		return blockAVX512(x, y, w, b)
	}
	return blockAVX2(x, y, w, b)
}
