//go:build !amd64 || purego

package dlkit

import "github.com/percept-go/percept/internal/kernels"

// blockVector is never called where there are no vector kernels (kernels.Current() is Go).
func blockVector(x, y []float64, w []float64, b float64, isa kernels.ISA) float64 {
	panic("dlkit: no vector kernel")
}
