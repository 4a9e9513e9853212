//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

func detect() ISA {
	switch {
	case !cpu.X86.HasAVX2 || !cpu.X86.HasFMA:
		return Go
	case !cpu.X86.HasAVX512F:
		return AVX2
	}
	return AVX512
}

// The AVX2 tile kernels (gemm_amd64.s), kernH for H rows and 8 columns, and kernHi on a list
// of steps.

//go:noescape
func kern6(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int)

//go:noescape
func kern4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int)

//go:noescape
func kern2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int)

//go:noescape
func kern1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int)

//go:noescape
func kern6i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64)

//go:noescape
func kern4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64)

//go:noescape
func kern2i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64)

//go:noescape
func kern1i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64)

// tiles256[h] is the AVX2 kernel for h rows, listTiles256[h] the one on a list.
var (
	tiles256     = [7]func(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int){1: kern1, 2: kern2, 4: kern4, 6: kern6}
	listTiles256 = [7]func(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride int, steps *int64){1: kern1i, 2: kern2i, 4: kern4i, 6: kern6i}
)

//go:noescape
func tanhAVX2(v *float64, n int)

//go:noescape
func tanhGradAVX2(d, h *float64, n int)

//go:noescape
func colSumAVX2(dst, a *float64, n, m, lda int)

// The AVX-512 tile kernels (gemm_avx512_amd64.s), k512xRxV for R rows and V vectors of 8
// columns, and k512xRx4i on a list of steps.

//go:noescape
func k512x6x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x6x3(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x6x2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x6x1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x4x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x4x3(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x4x2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x4x1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x2x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x2x3(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x2x2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x2x1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x1x4(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x1x3(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x1x2(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x1x1(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

//go:noescape
func k512x6x4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int, steps *int64)

//go:noescape
func k512x4x4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int, steps *int64)

//go:noescape
func k512x2x4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int, steps *int64)

//go:noescape
func k512x1x4i(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int, steps *int64)

type tile512 func(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int)

// tiles512[h][v] is the kernel for h rows and v vectors; listTiles512[h] the one on a list.
var tiles512 = [7][5]tile512{
	1: {1: k512x1x1, 2: k512x1x2, 3: k512x1x3, 4: k512x1x4},
	2: {1: k512x2x1, 2: k512x2x2, 3: k512x2x3, 4: k512x2x4},
	4: {1: k512x4x1, 2: k512x4x2, 3: k512x4x3, 4: k512x4x4},
	6: {1: k512x6x1, 2: k512x6x2, 3: k512x6x3, 4: k512x6x4},
}

var listTiles512 = [7]func(k int, a *float64, ars, acs int, b *float64, ldb int, c *float64, ldc int, init *float64, istride, mask int, steps *int64){
	1: k512x1x4i, 2: k512x2x4i, 4: k512x4x4i, 6: k512x6x4i,
}

//go:noescape
func adamAVX512(p, m, v, grad *float64, n int, k *[adamConsts][4]float64)

//go:noescape
func adamAVX2(p, m, v, grad *float64, n int, k *[adamConsts][4]float64)

//go:noescape
func tanhAVX512(v *float64, n int)

//go:noescape
func tanhGradAVX512(d, h *float64, n int)

//go:noescape
func colSumAVX512(dst, a *float64, n, m, lda int)

//go:noescape
func reluAVX2(v *float64, n int)

//go:noescape
func reluGradAVX2(d, h *float64, n int)

//go:noescape
func reluAVX512(v *float64, n int)

//go:noescape
func reluGradAVX512(d, h *float64, n int)

//go:noescape
func nonzeroAVX512(dst *uint64, a *float64, n int)

//go:noescape
func nonzeroAVX2(dst *uint64, a *float64, n int)
