package dlkit

import (
	"encoding/json"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestStep(t *testing.T) {
	for i, test := range []struct{ z, want float64 }{
		{-3, 0}, {math.Copysign(0, -1), 0}, {0, 0}, {math.SmallestNonzeroFloat64, 1}, {13.1, 1},
		{math.Inf(-1), 0}, {math.Inf(1), 1},
	} {
		if got := Step.Apply(test.z); got != test.want {
			t.Errorf("%d: Step(%v) = %v, want %v", i, test.z, got, test.want)
		}
		if got := Step.Deriv(test.z); got != 0 {
			t.Errorf("%d: Step'(%v) = %v, want 0", i, test.z, got)
		}
	}
	if got := Step.Apply(math.NaN()); !math.IsNaN(got) {
		t.Errorf("Step(NaN) = %v, want NaN", got)
	}
}

func TestSigmoid(t *testing.T) {
	// Reference values from 1/(1+exp(-z)) evaluated with 50-digit decimal arithmetic.
	for i, test := range []struct{ z, want float64 }{
		{0, 0.5},
		{1, 0.7310585786300049},
		{-1, 0.2689414213699951},
		{13.1, 0.9999979547735585},
		{-40, 4.248354255291589e-18},
		{-745, 5e-324},
		{-800, 0},
		{40, 1},
		{800, 1},
		{math.Inf(1), 1},
		{math.Inf(-1), 0},
	} {
		got := Sigmoid.Apply(test.z)
		if !scalar.EqualWithinRel(got, test.want, 4e-16) && !(test.want < 1e-300 && math.Abs(got-test.want) <= 5e-324) {
			t.Errorf("%d: σ(%v) = %v, want %v", i, test.z, got, test.want)
		}
	}
	// Never NaN, always in [0, 1], and σ(−z) = 1 − σ(z), for finite z over the whole range.
	for z := -1e308; ; z /= -1.7 {
		s := Sigmoid.Apply(z)
		if math.IsNaN(s) || s < 0 || s > 1 {
			t.Fatalf("σ(%v) = %v", z, s)
		}
		if s > 0.5 && !scalar.EqualWithinAbs(Sigmoid.Apply(-z), 1-s, 2.3e-16) {
			t.Errorf("σ(%v) = %v but σ(%v) = %v", z, s, -z, Sigmoid.Apply(-z))
		}
		if math.Abs(z) < 1e-300 {
			break
		}
	}
}

func TestSigmoidDeriv(t *testing.T) {
	for _, z := range []float64{-30, -5, -1, -0.1, 0, 0.3, 2, 7, 30} {
		// Central difference, step h: error O(h²·σ''') ≈ 1e-10.
		const h = 1e-5
		fd := (Sigmoid.Apply(z+h) - Sigmoid.Apply(z-h)) / (2 * h)
		if got := Sigmoid.Deriv(z); !scalar.EqualWithinAbsOrRel(got, fd, 1e-10, 1e-6) {
			t.Errorf("σ'(%v) = %v, central difference %v", z, got, fd)
		}
	}
	// Far in the tails the derivative is tiny but not 0 and not noise from 1 − σ(z).
	if got, want := Sigmoid.Deriv(40), 4.248354255291589e-18; !scalar.EqualWithinRel(got, want, 1e-15) {
		t.Errorf("σ'(40) = %v, want %v", got, want)
	}
	if got := Sigmoid.Deriv(math.Inf(1)); got != 0 {
		t.Errorf("σ'(+Inf) = %v, want 0", got)
	}
}

func TestSoftplus(t *testing.T) {
	for i, test := range []struct{ z, want float64 }{
		{0, math.Ln2},
		{1, 1.3132616875182228},
		{-1, 0.3132616875182228},
		{-40, 4.248354255291589e-18},
		{800, 800},
		{-800, 0},
		{math.Inf(1), math.Inf(1)},
		{math.Inf(-1), 0},
	} {
		if got := Softplus(test.z); !scalar.EqualWithinRel(got, test.want, 4e-16) {
			t.Errorf("%d: softplus(%v) = %v, want %v", i, test.z, got, test.want)
		}
	}
}

func TestActivationText(t *testing.T) {
	for _, a := range []Activation{Step, Sigmoid, Tanh, ReLU, Linear} {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Activation
		if err := json.Unmarshal(b, &back); err != nil || back != a {
			t.Errorf("%v: JSON %s read back as %v, %v", a, b, back, err)
		}
	}
	if _, err := ParseActivation("softmax"); err == nil {
		t.Error("ParseActivation(softmax): no error")
	}
	if _, err := json.Marshal(Activation(0)); err == nil {
		t.Error("marshalling the zero Activation: no error")
	}
	if got := Activation(9).String(); got != "Activation(9)" {
		t.Errorf("String of an undefined activation = %q", got)
	}
	for name, f := range map[string]func(){
		"Apply":     func() { Activation(0).Apply(1) },
		"Deriv":     func() { Activation(7).Deriv(1) },
		"Threshold": func() { Activation(0).Threshold() },
	} {
		if !panics(f) {
			t.Errorf("%s of an undefined activation did not panic", name)
		}
	}
}

func panics(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}

func TestTanhReLU(t *testing.T) {
	for i, test := range []struct {
		a       Activation
		z, want float64
	}{
		{Tanh, 0, 0}, {Tanh, 1, 0.7615941559557649}, {Tanh, -1, -0.7615941559557649},
		{Tanh, 40, 1}, {Tanh, math.Inf(-1), -1},
		{ReLU, -2, 0}, {ReLU, 0, 0}, {ReLU, 2.5, 2.5}, {ReLU, math.Inf(1), math.Inf(1)},
		{Linear, -2, -2}, {Linear, 0, 0}, {Linear, 2.5, 2.5}, {Linear, -1e300, -1e300},
	} {
		if got := test.a.Apply(test.z); !scalar.EqualWithinRel(got, test.want, 1e-15) && got != test.want {
			t.Errorf("%d: %v(%v) = %v, want %v", i, test.a, test.z, got, test.want)
		}
	}
	// Each side of the threshold is each side of z = 0.
	for _, a := range []Activation{Step, Sigmoid, Tanh, ReLU, Linear} {
		if a.Apply(0.01) <= a.Threshold() || a.Apply(-0.01) > a.Threshold() || a.Apply(0) > a.Threshold() {
			t.Errorf("%v: threshold %v does not split at z = 0", a, a.Threshold())
		}
	}
}

func TestDerivatives(t *testing.T) {
	for _, a := range []Activation{Sigmoid, Tanh, ReLU, Linear} {
		if !a.Differentiable() {
			t.Errorf("%v is not differentiable", a)
		}
		for _, z := range []float64{-7, -2, -0.3, 0.2, 1, 3, 9} {
			const h = 1e-6
			fd := (a.Apply(z+h) - a.Apply(z-h)) / (2 * h)
			d := a.Deriv(z)
			if !scalar.EqualWithinAbsOrRel(d, fd, 1e-9, 1e-6) {
				t.Errorf("%v'(%v) = %v, central difference %v", a, z, d, fd)
			}
			if fromOut := a.derivFromOutput(a.Apply(z)); !scalar.EqualWithinAbsOrRel(fromOut, d, 1e-12, 1e-9) {
				t.Errorf("%v'(%v) from the output = %v, from z = %v", a, z, fromOut, d)
			}
		}
	}
	if Step.Differentiable() || Activation(0).Differentiable() {
		t.Error("the step, or the zero Activation, counts as differentiable")
	}
}
