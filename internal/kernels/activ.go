package kernels

import "math"

// Tanh sets every v[i] to tanh(v[i]), as tanh does.
func Tanh(v []float64) {
	n := 0
	switch isa {
	case AVX512:
		n = len(v) &^ 7
		parallelChunks(n, 8, func(lo, hi int) { tanhAVX512(&v[lo], hi-lo) })
	case AVX2:
		n = len(v) &^ 3
		parallelChunks(n, 4, func(lo, hi int) { tanhAVX2(&v[lo], hi-lo) })
	}
	for i := n; i < len(v); i++ {
		v[i] = tanh(v[i])
	}
}

// tanh is tanh(x) to within about two ulps, the way the vector kernel computes it: with
// a = |x|, v = −min(2a, 40), e^v − 1 is found by range reduction (v = k·ln 2 + r, |r| ≤ ½ln 2)
// as 2^k·(e^r − 1) + (2^k − 1), where e^r − 1 = r·Σ r^i/(i+1)! exactly when k = 0, and then
//
//	tanh(a) = −(e^v − 1)/(2 + (e^v − 1)),   tanh(x) = copysign(tanh(a), x)
//
// Beyond |x| = 20, tanh rounds to ±1.
func tanh(x float64) float64 {
	v := -math.Min(2*math.Abs(x), 40)
	k := math.RoundToEven(v * log2e)
	r := FMA(-k, ln2Hi, v)
	r = FMA(-k, ln2Lo, r)
	p := expm1Coeffs[12]
	for i := 11; i >= 0; i-- {
		p = FMA(p, r, expm1Coeffs[i])
	}
	q := p * r
	s := math.Float64frombits(uint64(int64(k)+1023) << 52)
	em := FMA(s, q, s-1)
	return math.Copysign(math.Abs(em/(2+em)), x)
}

const (
	log2e = 1.44269504088896338700e+00
	ln2Hi = 6.93147180369123816490e-01 // ln 2 in two parts: hi has trailing zero bits,
	ln2Lo = 1.90821492927058770002e-10 // so that k·ln2Hi is exact for |k| < 2^20
)

// expm1Coeffs are 1/(i+1)!: (e^r − 1)/r = Σ r^i/(i+1)!.
var expm1Coeffs = [13]float64{
	1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
	1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800,
}

// TanhGrad sets every d[i] to d[i]·(1 − h[i]²), computing 1 − h² with one rounding: the
// derivative of tanh from its output h, applied to a gradient d.
func TanhGrad(d, h []float64) {
	if len(d) != len(h) {
		panic("kernels: TanhGrad: lengths differ")
	}
	n := 0
	switch isa {
	case AVX512:
		n = len(d) &^ 7
		parallelChunks(n, 8, func(lo, hi int) { tanhGradAVX512(&d[lo], &h[lo], hi-lo) })
	case AVX2:
		n = len(d) &^ 3
		parallelChunks(n, 4, func(lo, hi int) { tanhGradAVX2(&d[lo], &h[lo], hi-lo) })
	}
	for i := n; i < len(d); i++ {
		d[i] *= FMA(-h[i], h[i], 1)
	}
}

// ReLU sets every v[i] to max(v[i], 0), as relu does: 0 where v[i] < 0, and v[i] itself
// otherwise, −0 and NaN included.
func ReLU(v []float64) {
	n := 0
	switch {
	case isa == AVX512 && len(v) >= 8:
		n = len(v) &^ 7
		reluAVX512(&v[0], n)
	case isa >= AVX2 && len(v) >= 4:
		n = len(v) &^ 3
		reluAVX2(&v[0], n)
	}
	for i := n; i < len(v); i++ {
		if v[i] < 0 {
			v[i] = 0
		}
	}
}

// ReLUGrad sets every d[i] to d[i]·step(h[i]), where step is 1 for h > 0, 0 for h ≤ 0 and
// NaN for NaN: the derivative of the ReLU from its output h, applied to a gradient d.
func ReLUGrad(d, h []float64) {
	if len(d) != len(h) {
		panic("kernels: ReLUGrad: lengths differ")
	}
	n := 0
	switch {
	case isa == AVX512 && len(d) >= 8:
		n = len(d) &^ 7
		reluGradAVX512(&d[0], &h[0], n)
	case isa >= AVX2 && len(d) >= 4:
		n = len(d) &^ 3
		reluGradAVX2(&d[0], &h[0], n)
	}
	for i := n; i < len(d); i++ {
		switch x := h[i]; {
		case x > 0:
			d[i] *= 1
		case x <= 0:
			d[i] *= 0
		default:
			d[i] *= x
		}
	}
}

// ColSum sets dst[j] (m values) to the sum of column j of the n×m matrix a, adding the rows
// in order.
func ColSum(dst, a []float64, n, m int) {
	if len(dst) != m || len(a) != n*m {
		panic("kernels: ColSum: lengths do not match the dimensions")
	}
	j := 0
	if isa == AVX512 && n > 0 {
		for ; j+32 <= m; j += 32 {
			colSumAVX512(&dst[j], &a[j], n, 32, m)
		}
	}
	if isa >= AVX2 && n > 0 {
		for ; j+16 <= m; j += 16 {
			colSumAVX2(&dst[j], &a[j], n, 16, m)
		}
	}
	for ; j < m; j++ {
		var s float64
		for i := range n {
			s += a[i*m+j]
		}
		dst[j] = s
	}
}

// parallelChunks runs f on ranges of [0, n), multiples of unit, on every core, if n is
// large: an element costs about as much as 64 multiply-adds.
func parallelChunks(n, unit int, f func(lo, hi int)) {
	split(n, unit, n*64, f)
}
