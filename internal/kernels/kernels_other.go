//go:build !amd64 || purego

package kernels

// detect finds no assembly to run: everything is Go.
func detect() ISA { return Go }

func vector(c, a []float64, ars, acs int, b []float64, ldb, rows, k, cols, ldc int, bias []float64, acc bool, terms func(r, h int) []int64) {
	panic("kernels: no assembly kernel")
}

func tanhAVX2(v *float64, n int)                { panic("kernels: no assembly kernel") }
func tanhGradAVX2(d, h *float64, n int)         { panic("kernels: no assembly kernel") }
func colSumAVX2(dst, a *float64, n, m, lda int) { panic("kernels: no assembly kernel") }

func adamAVX512(p, m, v, g *float64, n int, k *[adamConsts][4]float64) {
	panic("kernels: no assembly kernel")
}
func adamAVX2(p, m, v, g *float64, n int, k *[adamConsts][4]float64) {
	panic("kernels: no assembly kernel")
}

func tanhAVX512(v *float64, n int)                { panic("kernels: no assembly kernel") }
func tanhGradAVX512(d, h *float64, n int)         { panic("kernels: no assembly kernel") }
func colSumAVX512(dst, a *float64, n, m, lda int) { panic("kernels: no assembly kernel") }
func reluAVX2(v *float64, n int)                  { panic("kernels: no assembly kernel") }
func reluGradAVX2(d, h *float64, n int)           { panic("kernels: no assembly kernel") }
func reluAVX512(v *float64, n int)                { panic("kernels: no assembly kernel") }
func reluGradAVX512(d, h *float64, n int)         { panic("kernels: no assembly kernel") }

func nonzeroAVX512(dst *uint64, a *float64, n int) { panic("kernels: no assembly kernel") }
func nonzeroAVX2(dst *uint64, a *float64, n int)   { panic("kernels: no assembly kernel") }
