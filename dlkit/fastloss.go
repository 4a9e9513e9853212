package dlkit

import (
	"math"
	"runtime"
	"sync"

	"github.com/percept-go/percept/internal/kernels"
)

// The fast pass of SumCrossEntropy and CompareCrossEntropy, for data of exactBelow points or
// more. It computes the same sum as the exact pass,
//
//	Σᵢ (max(zᵢ, 0) − yᵢ·zᵢ) + log(1 + e^(−|zᵢ|))
//
// but splits the data into blocks of blockPoints points, sums the blocks on every core, and
// evaluates each term without calling math.Exp and math.Log1p:
//
//   - t = e^(−|z|) comes from range reduction and a polynomial (expNeg), to about an ulp;
//   - log(1 + t) is not evaluated per point at all where t ≥ 2⁻¹⁰: the factors 1 + t are
//     multiplied together and the block takes one logarithm of their product (a sum of logs is
//     the log of a product). Each factor's rounding changes the block's result by at most
//     half an ulp of 1, while the term it stands for is at least log(1 + 2⁻¹⁰) ≈ 1e-3, so the
//     relative error stays below ~1e-13 whatever the data;
//   - below 2⁻¹⁰, where 1 + t would round t away, log(1 + t) = t − t²/2 + t³/3 − t⁴/4 + t⁵/5 to
//     within t⁶/6, and the terms are summed with Kahan's compensation.
//
// The blocks' sums are added in block order with compensation, so the result does not depend
// on the number of cores. On amd64 with AVX2 and FMA, blocks of two-feature data go through an
// assembly kernel (fastloss_amd64.s) that runs this algorithm on four points at a time, or
// with AVX-512 on eight: each lane sums its own points, so the three (Go, AVX2, AVX-512)
// group the terms differently and agree to within the error bound above, not to the bit.
const (
	exactBelow  = 4096
	blockPoints = 1024 // a multiple of 4, for the vector kernel
	seriesBelow = 1.0 / 1024
	ln2Hi       = 6.93147180369123816490e-01 // ln 2 in two parts: hi has trailing zero bits,
	ln2Lo       = 1.90821492927058770002e-10 // so that k·ln2Hi is exact for |k| < 2^20
	log2e       = 1.44269504088896338700e+00
)

// expNeg returns e^(−a) for a ≥ 0 (to about one ulp; 0 beyond a ≈ 745): with k = round(a/ln 2)
// and r = a − k·ln 2, |r| ≤ ½ln 2, e^(−a) = 2^(−k)·e^(−r), and e^(−r) is its Taylor polynomial
// of degree 12 (truncation error below 2e-16). 2^(−k) is applied in two halves so that
// results down to the smallest subnormals come out right. The vector kernel does the same,
// operation for operation.
func expNeg(a float64) float64 {
	a = math.Min(a, 745.2)
	k := math.RoundToEven(a * log2e)
	r := kernels.FMA(-k, ln2Hi, a)
	r = kernels.FMA(-k, ln2Lo, r)
	p := expNegCoeffs[12]
	for i := 11; i >= 0; i-- {
		p = kernels.FMA(p, r, expNegCoeffs[i])
	}
	k1 := uint64(k) >> 1
	k2 := uint64(k) - k1
	return p * math.Float64frombits((1023-k1)<<52) * math.Float64frombits((1023-k2)<<52)
}

// expNegCoeffs are (−1)^i/i!, the Taylor coefficients of e^(−r).
var expNegCoeffs = [13]float64{
	1, -1, 1.0 / 2, -1.0 / 6, 1.0 / 24, -1.0 / 120, 1.0 / 720, -1.0 / 5040, 1.0 / 40320,
	-1.0 / 362880, 1.0 / 3628800, -1.0 / 39916800, 1.0 / 479001600,
}

// blockGo returns the block's summed cross-entropy for the unit (w, b) by the fast algorithm,
// one point at a time: the portable version of blockVector.
func blockGo(x []float64, y []float64, dim int, w []float64, b float64) float64 {
	var sum, comp, logs float64
	prod := 1.0
	for i, yi := range y {
		z := affine(w, x[i*dim:(i+1)*dim], b)
		t := expNeg(math.Abs(z))
		term := kernels.FMA(-yi, z, math.Max(z, 0))
		if t >= seriesBelow {
			prod *= 1 + t
		} else {
			s := kernels.FMA(t, 1.0/5, -1.0/4)
			s = kernels.FMA(t, s, 1.0/3)
			s = kernels.FMA(t, s, -1.0/2)
			s = kernels.FMA(t, s, 1)
			term += t * s
		}
		// Kahan summation.
		v := term - comp
		s := sum + v
		comp = (s - sum) - v
		sum = s
		if i%512 == 511 { // keep the product far from overflow: at most 2^512
			frac, exp := math.Frexp(prod)
			logs += float64(exp) * math.Ln2
			prod = frac
		}
	}
	return (sum - comp) + (logs + math.Log(prod))
}

// sumCrossEntropyFast is sumCrossEntropy for large data; see above.
func sumCrossEntropyFast(sums []float64, d *Dataset, w, b []float64) {
	x, y, dim, m := d.raw(), d.y, d.Dim(), len(b)
	blocks := (len(y) + blockPoints - 1) / blockPoints
	parts := make([]float64, blocks*m) // block j's sum for candidate c at j*m + c
	work := func(first, last int) {
		for j := first; j < last; j++ {
			lo, hi := j*blockPoints, min((j+1)*blockPoints, len(y))
			bx, by := x[lo*dim:hi*dim], y[lo:hi]
			for c := range m {
				wc := w[c*dim : (c+1)*dim]
				parts[j*m+c] = block(bx, by, dim, wc, b[c])
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), blocks)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(k*blocks/workers, (k+1)*blocks/workers)
		}()
	}
	wg.Wait()
	for c := range m {
		var s, comp float64
		for j := range blocks {
			s, comp = addCompensated(s, parts[j*m+c], comp)
		}
		sums[c] = s + comp
	}
}

// block computes one block's sum with the vector kernel where it can (four points at a time
// with AVX2, eight with AVX-512), and blockGo otherwise.
func block(x, y []float64, dim int, w []float64, b float64) float64 {
	isa := kernels.Current()
	if dim != 2 || isa == kernels.Go {
		return blockGo(x, y, dim, w, b)
	}
	lanes := 4
	if isa == kernels.AVX512 {
		lanes = 8
	}
	n := len(y) / lanes * lanes
	s := blockVector(x[:2*n], y[:n], w, b, isa)
	if n < len(y) {
		s += blockGo(x[2*n:], y[n:], dim, w, b)
	}
	return s
}
