package kernels

import "math"

// FMA returns x·y + z. Where the CPU fuses multiply-adds in hardware (see [Fused]) it is
// math.FMA, rounded once, as the assembly kernels' multiply-adds are: every path gives the
// same bits. Elsewhere — x86 CPUs without FMA (before Haswell and Piledriver, and low-power
// Atom, Celeron and Pentium parts for years after), 386, 32-bit ARM — math.FMA is done in
// software, about a hundred times slower than a multiply and an add (an MNIST epoch in the Go
// code took 82 s instead of 6.2 s), so there FMA rounds the product and then the sum (5.8 s):
// results differ from the fused ones in the last bits, within the float64 reference's
// tolerances.
func FMA(x, y, z float64) float64 {
	if fused {
		return math.FMA(x, y, z)
	}
	return x*y + z
}

// fused says whether FMA fuses: whether math.FMA runs on the CPU here.
var fused = hardwareFMA

// Fused reports whether FMA rounds once (the CPU has fused multiply-add) rather than twice.
func Fused() bool { return fused }

// UseFused makes FMA fuse (on) or round twice (off), as a CPU without fused multiply-add
// would, and returns the setting before, for tests of the Go code (Use(Go): the assembly
// kernels always fuse). Turning it on where the CPU has no fused multiply-add makes math.FMA's
// software path run. It must not be called while kernels run.
func UseFused(on bool) bool {
	old := fused
	fused = on
	return old
}
