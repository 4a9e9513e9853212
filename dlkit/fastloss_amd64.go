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

// bceKernelAVX512 is bceKernelAVX2 on eight points at a time (n a multiple of 8): the sums,
// compensations and products of its eight lanes in out[0:8], out[8:16] and out[16:24].
//
//go:noescape
func bceKernelAVX512(x, y *float64, n int, w0, w1, b float64, out *[24]float64)

// blockVector is blockGo for two-feature data on the vector kernel of isa (AVX2 or AVX512);
// len(y) is a multiple of its lanes (4 or 8). Each lane sums its own points, so the two
// kernels group the terms differently: they agree to rounding, not to the bit.
func blockVector(x, y []float64, w []float64, b float64, isa kernels.ISA) float64 {
	if len(y) == 0 {
		return 0
	}
	var out [24]float64
	lanes := 4
	if isa == kernels.AVX512 {
		lanes = 8
		bceKernelAVX512(&x[0], &y[0], len(y), w[0], w[1], b, &out)
	} else {
		bceKernelAVX2(&x[0], &y[0], len(y), w[0], w[1], b, (*[12]float64)(out[:12]))
	}
	var s float64
	for k := range lanes {
		s += (out[k] - out[lanes+k]) + math.Log(out[2*lanes+k])
	}
	return s
}
