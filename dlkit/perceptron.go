package dlkit

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Perceptron is a single unit: weights, a bias and an activation. For a point x it computes
//
//	z = w·x + b,   output = a(z),   label = 1 if output > a.Threshold() else 0
//
// The zero value has no activation and no weights; methods return an error until both are set.
type Perceptron struct {
	Weights    []float64
	Bias       float64
	Activation Activation
}

// check returns an error if the perceptron cannot be applied to points with dim features.
func (p *Perceptron) check(dim int) error {
	if !p.Activation.Valid() {
		return fmt.Errorf("dlkit: perceptron activation is %v; set it, for example to dlkit.Step or dlkit.Sigmoid", p.Activation)
	}
	if len(p.Weights) == 0 {
		return fmt.Errorf("dlkit: perceptron has no weights: %w", ErrEmpty)
	}
	return checkParams(p.Weights, p.Bias, dim)
}

// WeightedSum returns z = w·x + b for one point x. A sum beyond the float64 range (huge
// weights) is an error wrapping ErrNotFinite.
func (p *Perceptron) WeightedSum(x []float64) (float64, error) {
	z, err := p.weightedSum(x)
	if err == nil && !finite(z) {
		err = fmt.Errorf("dlkit: the weighted sum w·x + b is beyond the float64 range (%v): %w", z, ErrNotFinite)
	}
	return z, err
}

// weightedSum checks the perceptron and the point, and returns w·x + b, ±Inf where it is beyond
// the float64 range (with the right sign).
func (p *Perceptron) weightedSum(x []float64) (float64, error) {
	if err := p.check(len(x)); err != nil {
		return 0, err
	}
	if err := checkFinite("x", x); err != nil {
		return 0, err
	}
	return weightedSum(p.Weights, x, p.Bias), nil
}

// Forward returns the perceptron's output a(w·x + b) for one point x: 0 or 1 for the step, a
// probability for the sigmoid. A weighted sum beyond the float64 range gives the output of
// its sign: 1 or 0 for the step and the sigmoid, ±1 for tanh; for ReLU it is an error.
func (p *Perceptron) Forward(x []float64) (float64, error) {
	z, err := p.weightedSum(x)
	if err != nil {
		return 0, err
	}
	return p.apply(z)
}

// apply returns the activation of z, an error for an output beyond the float64 range.
func (p *Perceptron) apply(z float64) (float64, error) {
	out := p.Activation.Apply(z)
	if !finite(out) {
		return 0, fmt.Errorf("dlkit: the output %v(w·x + b) is beyond the float64 range: %w", p.Activation, ErrNotFinite)
	}
	return out, nil
}

// Predict returns the predicted label of one point x: 1 if the output is above the
// activation's threshold (0.5), else 0.
func (p *Perceptron) Predict(x []float64) (int, error) {
	out, err := p.Forward(x)
	if err != nil {
		return 0, err
	}
	return label(out, p.Activation.Threshold()), nil
}

// ForwardBatch computes the output for every point, one per row of x, and returns them in
// dst, which is reused if it has room for x's rows and allocated otherwise. A NaN or infinite
// value in x is an error naming its row and column.
func (p *Perceptron) ForwardBatch(dst []float64, x mat.Matrix) ([]float64, error) {
	n, dim := x.Dims()
	if err := p.check(dim); err != nil {
		return nil, err
	}
	dst = resize(dst, n)
	rv, raw := x.(mat.RawRowViewer)
	xi := make([]float64, dim)
	for i := range n {
		if raw {
			xi = rv.RawRowView(i)
		} else {
			for j := range xi {
				xi[j] = x.At(i, j)
			}
		}
		if err := checkFiniteRow(i, xi); err != nil {
			return nil, err
		}
		out, err := p.apply(weightedSum(p.Weights, xi, p.Bias))
		if err != nil {
			return nil, fmt.Errorf("dlkit: row %d of the points: %w", i, err)
		}
		dst[i] = out
	}
	return dst, nil
}

// PredictBatch returns the predicted label of every point, one per row of x, in dst (reused
// if it has room, allocated otherwise).
func (p *Perceptron) PredictBatch(dst []int, x mat.Matrix) ([]int, error) {
	out, err := p.ForwardBatch(nil, x)
	if err != nil {
		return nil, err
	}
	return Threshold(dst, out, p.Activation.Threshold()), nil
}

// DecisionBoundary returns the line w·x + b = 0 of a two-input perceptron; see the function
// DecisionBoundary.
func (p *Perceptron) DecisionBoundary() (Line, error) {
	return DecisionBoundary(p.Weights, p.Bias)
}

// Threshold turns outputs into labels: 1 where the output is above t, else 0. The labels go
// into dst, which is reused if it has room and allocated otherwise.
func Threshold(dst []int, outputs []float64, t float64) []int {
	dst = resize(dst, len(outputs))
	for i, o := range outputs {
		dst[i] = label(o, t)
	}
	return dst
}

func label(out, t float64) int {
	if out > t {
		return 1
	}
	return 0
}

// affine returns w·x + b, summing the products in order and adding b last. The perceptron, the
// learning rule and the cross-entropy sums form a unit's weighted sum with it (the fast pass's
// vector kernel with the same operations), so that one point's and a batch's agree to the bit.
// Networks form theirs otherwise, as chains of fused multiply-adds (layerAffine), which can
// differ from affine's in the last bits.
func affine(w, x []float64, b float64) float64 {
	var z float64
	for j, v := range x {
		z += w[j] * v
	}
	return z + b
}

// resize returns dst[:n] if dst has the capacity, or a new slice of length n.
func resize[T any](dst []T, n int) []T {
	if cap(dst) < n {
		return make([]T, n)
	}
	return dst[:n]
}
