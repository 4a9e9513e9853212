package dlkit

import (
	"fmt"
	"math"
)

// CrossEntropy returns the binary cross-entropy of predicting probability p for label y:
//
//	E(y, p) = −y·log(p) − (1−y)·log(1−p)
//
// This is the tutorial's per-point formula, on a probability. Where it reaches log(0) it is
// +Inf: p = 0 with y = 1, and p = 1 with y = 0. A term whose factor y or 1−y is 0 is left out
// rather than evaluated, so p = 1 with y = 1 gives 0 (the literal formula gives 0·(−Inf) = NaN
// there). When p comes from a sigmoid, p rounds to exactly 1 for z above ~36.7 and to 0 below
// ~−745, so prefer CrossEntropyLogit, which takes z and stays finite. p outside [0, 1] gives NaN.
func CrossEntropy(y, p float64) float64 {
	if !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	var e float64
	if y != 0 {
		e -= y * math.Log(p)
	}
	if y != 1 {
		e -= (1 - y) * math.Log1p(-p)
	}
	return e
}

// CrossEntropyLogit returns the binary cross-entropy of the probability σ(z) for label y,
// computed from the logit z:
//
//	E(y, σ(z)) = softplus(z) − y·z = (max(z, 0) − y·z) + log(1 + e^(−|z|))
//
// It is finite for every finite z and accurate to a few ulps: for y ∈ {0, 1} the bracket is
// either 0 or |z|, exactly, so nothing cancels.
func CrossEntropyLogit(y, z float64) float64 {
	return (math.Max(z, 0) - y*z) + math.Log1p(math.Exp(-math.Abs(z)))
}

// SumCrossEntropy returns the cross-entropy of the sigmoid unit with weights w and bias b,
// summed over the dataset:
//
//	Σᵢ E(yᵢ, σ(w·xᵢ + b))
//
// in the stable form of CrossEntropyLogit, in one pass over the data. It returns an error if
// w's length is not d.Dim() or a parameter is not finite, and, wrapping ErrNotFinite, if the
// sum itself is beyond the float64 range.
//
// The weighted sum w·x + b of finite numbers can overflow (weights of 1e308, say) although its
// true value is finite. Where it does, the sum is computed again, term by term, with each
// weighted sum scaled by a power of two so that nothing overflows (logitTerm): a point on the
// right side of the boundary, however far, adds next to nothing, and the sum is exact to a few
// ulps. Only a point on the wrong side by more than the float64 range, or a sum of terms
// beyond it, makes the sum itself +Inf in float64 — and that is an error.
func SumCrossEntropy(d *Dataset, w []float64, b float64) (float64, error) {
	if err := checkParams(w, b, d.Dim()); err != nil {
		return 0, err
	}
	if err := d.checkBinary("binary cross-entropy"); err != nil {
		return 0, err
	}
	var sum [1]float64
	sumCrossEntropy(sum[:], d, w, []float64{b})
	if !finite(sum[0]) {
		if sum[0] = sumCrossEntropyWide(d, w, b); !finite(sum[0]) {
			return 0, beyondRange(d, w, b)
		}
	}
	return sum[0], nil
}

// MeanCrossEntropy is SumCrossEntropy divided by the number of points.
func MeanCrossEntropy(d *Dataset, w []float64, b float64) (float64, error) {
	s, err := SumCrossEntropy(d, w, b)
	return s / float64(d.Len()), err
}

// CompareCrossEntropy returns the summed cross-entropy (as SumCrossEntropy) of several
// weight choices on one dataset: weights[c] with biases[c], for each c. The data is read once,
// however many choices there are. It returns an error naming the choice at fault if a weight
// vector's length differs from d.Dim() or a parameter is not finite.
func CompareCrossEntropy(d *Dataset, weights [][]float64, biases []float64) ([]float64, error) {
	if err := CheckChoices(weights, biases, d.Dim()); err != nil {
		return nil, err
	}
	if err := d.checkBinary("binary cross-entropy"); err != nil {
		return nil, err
	}
	flat := make([]float64, 0, len(weights)*d.Dim())
	for _, w := range weights {
		flat = append(flat, w...)
	}
	sums := make([]float64, len(weights))
	sumCrossEntropy(sums, d, flat, biases)
	for c, s := range sums {
		if finite(s) {
			continue
		}
		if sums[c] = sumCrossEntropyWide(d, weights[c], biases[c]); !finite(sums[c]) {
			return nil, &ChoiceError{c, beyondRange(d, weights[c], biases[c])}
		}
	}
	return sums, nil
}

// beyondRange returns the error for a summed cross-entropy beyond the float64 range, naming
// the point at which the sum overflows.
func beyondRange(d *Dataset, w []float64, b float64) error {
	var sum, comp float64
	for i, y := range d.y {
		e := logitTerm(y, w, d.Point(i), b)
		if !finite(e) {
			return fmt.Errorf("dlkit: the summed cross-entropy is beyond the float64 range: %s alone is on the wrong side of the boundary by more than it (w·x + b overflows): %w", d.where(i), ErrNotFinite)
		}
		if sum, comp = addCompensated(sum, e, comp); !finite(sum + comp) {
			return fmt.Errorf("dlkit: the summed cross-entropy is beyond the float64 range: it passes %g at %s: %w", math.MaxFloat64, d.where(i), ErrNotFinite)
		}
	}
	return fmt.Errorf("dlkit: the summed cross-entropy is beyond the float64 range: %w", ErrNotFinite)
}

// sumCrossEntropyWide is Σᵢ logitTerm(yᵢ, w, xᵢ, b), summed with compensation: the sum for
// data whose weighted sums overflow.
func sumCrossEntropyWide(d *Dataset, w []float64, b float64) float64 {
	var sum, comp float64
	for i, y := range d.y {
		sum, comp = addCompensated(sum, logitTerm(y, w, d.Point(i), b), comp)
	}
	return sum + comp
}

// logitTerm returns CrossEntropyLogit(y, w·x + b) for y ∈ {0, 1}, written so that it stays
// right where w·x + b overflows:
//
//	E = [x on the wrong side]·|z| + log(1 + e^(−|z|))
//
// (the bracket of CrossEntropyLogit is 0 or |z|, exactly), with z from wideAffine: |z| may be
// +Inf, but its sign is right, so a point on the right side adds 0 and only one on the wrong
// side +Inf.
func logitTerm(y float64, w, x []float64, b float64) float64 {
	z := wideAffine(w, x, b)
	t := math.Abs(z)
	e := math.Log1p(math.Exp(-t))
	if y == 1 && z < 0 || y == 0 && z > 0 {
		e += t
	}
	return e
}

// wideAffine returns w·x + b as affine does, but formed so that no step overflows: each term is
// scaled by 2^(−s), s the largest exponent among them (exact, but for terms far too small to
// matter), and the sum scaled back at the end. The result is ±Inf only where the true value is
// beyond the float64 range, with the right sign, and never NaN for finite arguments.
func wideAffine(w, x []float64, b float64) float64 {
	_, s := math.Frexp(b)
	for j, v := range x {
		_, ew := math.Frexp(w[j])
		_, ex := math.Frexp(v)
		s = max(s, ew+ex)
	}
	var z float64
	for j, v := range x {
		fw, ew := math.Frexp(w[j])
		fx, ex := math.Frexp(v)
		z += math.Ldexp(fw*fx, ew+ex-s) // fw·fx is in [¼, 1): rounded once, as w·x is, never overflowing
	}
	return math.Ldexp(z+math.Ldexp(b, -s), s)
}

// weightedSum returns w·x + b: affine's, or where that overflows, wideAffine's, so that its
// sign is always right.
func weightedSum(w, x []float64, b float64) float64 {
	if z := affine(w, x, b); finite(z) {
		return z
	}
	return wideAffine(w, x, b)
}

// sumCrossEntropy sets sums[c] to Σᵢ CrossEntropyLogit(yᵢ, w_c·xᵢ + b[c]) for the m = len(b)
// weight vectors stored one after another in w. It is the one pass behind SumCrossEntropy and
// CompareCrossEntropy; parameters must have been checked. Data of exactBelow points or more
// goes to the fast pass (fastloss.go), on every core, relative error below ~1e-13. Smaller data
// is summed here term by term with math.Exp and math.Log1p, with compensation
// (addCompensated), so the sum is as accurate as its terms — the tutorial's four terms sum to
// the correctly rounded 7.80203873765316, where a plain sum is one ulp off.
func sumCrossEntropy(sums []float64, d *Dataset, w, b []float64) {
	if d.Len() >= exactBelow {
		sumCrossEntropyFast(sums, d, w, b)
		return
	}
	x, y, dim, m := d.raw(), d.y, d.Dim(), len(b)
	comp := make([]float64, m)
	clear(sums)
	for i, yi := range y {
		xi := x[i*dim : (i+1)*dim]
		for c := range m {
			z := affine(w[c*dim:(c+1)*dim], xi, b[c])
			sums[c], comp[c] = addCompensated(sums[c], CrossEntropyLogit(yi, z), comp[c])
		}
	}
	for c := range m {
		sums[c] += comp[c]
	}
}

// addCompensated adds v to the compensated sum (s, comp), Neumaier's variant of Kahan
// summation: s + comp carries the total with about twice the working precision, so n terms
// sum with an error of about one ulp instead of up to n ulps.
func addCompensated(s, v, comp float64) (float64, float64) {
	t := s + v
	if math.Abs(s) >= math.Abs(v) {
		comp += (s - t) + v
	} else {
		comp += (v - t) + s
	}
	return t, comp
}
