//go:build !amd64 || purego

package dlkit

// haveAVX2 is false where there are no vector kernels.
const haveAVX2 = false

func blockAVX2(x, y []float64, w []float64, b float64) float64 { panic("dlkit: no vector kernel") }
