//go:build !purego

package dlkit

import (
	"math"

	"golang.org/x/sys/cpu"
)

// haveAVX2 reports whether the vector kernels can run: AVX2 and FMA.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

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
