package dlkit

import (
	"fmt"
	"math"

	"github.com/percept-go/percept/internal/kernels"
)

// Activation is the function a unit applies to its weighted sum z.
// The zero value is not an activation; use one of the constants.
type Activation uint8

const (
	// Step is 1 where z > 0 and 0 elsewhere (z = 0 included), the perceptron's original
	// activation. Its output is a label, not a probability.
	Step Activation = iota + 1
	// Sigmoid is σ(z) = 1/(1+e^(−z)), the probability of label 1.
	Sigmoid
	// Tanh is tanh(z) = (e^z − e^(−z))/(e^z + e^(−z)) = 2σ(2z) − 1, in (−1, 1).
	Tanh
	// ReLU is max(z, 0), the rectified linear unit.
	ReLU
	// Linear is z itself (the identity, TensorFlow Playground's "linear"): a network of linear
	// hidden layers computes an affine map of its inputs, however many layers it has.
	Linear
)

const errUndefinedActivation = "dlkit: undefined activation %d"

var activationNames = [...]string{Step: "step", Sigmoid: "sigmoid", Tanh: "tanh", ReLU: "relu", Linear: "linear"}

// String returns the activation's name: "step", "sigmoid", "tanh", "relu" or "linear".
func (a Activation) String() string {
	if !a.Valid() {
		return fmt.Sprintf("Activation(%d)", uint8(a))
	}
	return activationNames[a]
}

// Valid reports whether a is one of the defined activations.
func (a Activation) Valid() bool { return a >= Step && a <= Linear }

// Differentiable reports whether a has a useful derivative, as gradient training needs: every
// activation but the step.
func (a Activation) Differentiable() bool { return a.Valid() && a != Step }

// ParseActivation returns the activation with the given name, as printed by String.
func ParseActivation(name string) (Activation, error) {
	for a, n := range activationNames {
		if n != "" && n == name {
			return Activation(a), nil
		}
	}
	return 0, fmt.Errorf("dlkit: unknown activation %q (want step, sigmoid, tanh, relu or linear)", name)
}

// MarshalText implements encoding.TextMarshaler, so activations read well in JSON.
func (a Activation) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf(errUndefinedActivation, uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Activation) UnmarshalText(text []byte) error {
	v, err := ParseActivation(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Apply returns a(z). It panics if a is not a defined activation.
func (a Activation) Apply(z float64) float64 {
	switch a {
	case Step:
		return step(z)
	case Sigmoid:
		return sigmoid(z)
	case Tanh:
		return math.Tanh(z)
	case ReLU:
		return relu(z)
	case Linear:
		return z
	}
	panic(fmt.Sprintf(errUndefinedActivation, uint8(a)))
}

// Deriv returns the derivative da/dz at z. It panics if a is not a defined activation.
//
//	Sigmoid: dσ/dz = σ(z)·(1−σ(z)) = σ(z)·σ(−z)
//	Tanh:    1 − tanh²(z)
//	ReLU:    1 for z > 0, else 0 (at 0, where it is undefined, 0)
//	Linear:  1
//	Step:    0 for every z ≠ 0 (and undefined at 0, where 0 is returned)
//
// The step's derivative carries no signal, which is why the perceptron learning rule does not
// use it and why gradient training needs the sigmoid.
func (a Activation) Deriv(z float64) float64 {
	switch a {
	case Step:
		return 0
	case Sigmoid:
		// σ(z)·σ(−z) rather than σ(z)·(1−σ(z)): for large |z| the subtraction
		// would cancel to a few significant digits, or to 0.
		return sigmoid(z) * sigmoid(-z)
	case Tanh:
		t := math.Tanh(z)
		return 1 - t*t
	case ReLU:
		return step(z)
	case Linear:
		return 1
	}
	panic(fmt.Sprintf(errUndefinedActivation, uint8(a)))
}

// derivFromOutput returns da/dz given the output a = a(z), which is what backpropagation has
// at hand: σ' = a(1−a), tanh' = 1−a², ReLU' = 1 where a > 0, linear' = 1.
func (a Activation) derivFromOutput(out float64) float64 {
	switch a {
	case Sigmoid:
		return out * (1 - out)
	case Tanh:
		return kernels.FMA(-out, out, 1) // as kernels.TanhGrad computes it
	case ReLU:
		return step(out)
	case Linear:
		return 1
	}
	return 0
}

// Threshold is the output value above which a unit with this activation predicts label 1:
// 0.5 for the step and the sigmoid, 0 for tanh, ReLU and linear. For each of them, output > threshold
// exactly where z > 0.
func (a Activation) Threshold() float64 {
	switch a {
	case Step, Sigmoid:
		return 0.5
	case Tanh, ReLU, Linear:
		return 0
	}
	panic(fmt.Sprintf(errUndefinedActivation, uint8(a)))
}

// step is 1 where z > 0, else 0. NaN maps to NaN.
func step(z float64) float64 {
	switch {
	case z > 0:
		return 1
	case z <= 0:
		return 0
	}
	return z // NaN
}

// sigmoid is 1/(1+e^(−z)), evaluated so that e^x never overflows:
//
//	z ≥ 0: 1/(1+e^(−z))
//	z < 0: e^z/(1+e^z)
//
// It is exact at ±Inf (0 and 1) and never NaN for a non-NaN z.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// relu is max(z, 0); NaN maps to NaN.
func relu(z float64) float64 {
	if z < 0 {
		return 0
	}
	return z
}

// Softplus returns log(1 + e^z), the smooth version of max(z, 0), computed as
//
//	max(z, 0) + log1p(e^(−|z|))
//
// so that it neither overflows for large z nor loses precision for very negative z.
// Its derivative is the sigmoid: d softplus/dz = σ(z).
func Softplus(z float64) float64 {
	return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}
