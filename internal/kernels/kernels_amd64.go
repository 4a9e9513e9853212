//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// haveAVX2 reports whether the assembly kernels can run: AVX2 and FMA.
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func kern6(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc int)

//go:noescape
func kern4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc int)

//go:noescape
func kern2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc int)

//go:noescape
func kern1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc int)

// kernel runs the h-row tile kernel (h = 6, 4, 2 or 1).
func kernel(h, k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc bool) {
	var ac int
	if acc {
		ac = 1
	}
	switch h {
	case 6:
		kern6(k, a, ars, acs, b, ldb, c, ldc, bias, ac)
	case 4:
		kern4(k, a, ars, acs, b, ldb, c, ldc, bias, ac)
	case 2:
		kern2(k, a, ars, acs, b, ldb, c, ldc, bias, ac)
	default:
		kern1(k, a, ars, acs, b, ldb, c, ldc, bias, ac)
	}
}

//go:noescape
func tanhAVX2(v *float64, n int)

//go:noescape
func tanhGradAVX2(d, h *float64, n int)

//go:noescape
func colSumAVX2(dst, a *float64, n, m, lda int)
