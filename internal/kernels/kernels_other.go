//go:build !amd64 || purego

package kernels

// haveAVX2 is false where there is no assembly: gemm then runs entirely in Go.
const haveAVX2 = false

func kernel(h, k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, bias *float64, acc bool) {
	panic("kernels: no assembly kernel")
}

func tanhAVX2(v *float64, n int)                { panic("kernels: no assembly kernel") }
func tanhGradAVX2(d, h *float64, n int)         { panic("kernels: no assembly kernel") }
func colSumAVX2(dst, a *float64, n, m, lda int) { panic("kernels: no assembly kernel") }
