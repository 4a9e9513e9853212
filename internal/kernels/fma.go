package kernels

import "math"

// fma is math.FMA: one rounding, like the kernels' fused multiply-adds.
func fma(x, y, z float64) float64 { return math.FMA(x, y, z) }
