package dlkit

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ForwardLayers gives, for a batch, what Activations and Proba give point by point.
func TestForwardLayers(t *testing.T) {
	m, err := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1X2}, Omit: []int{1}, Hidden: []int{4, 3}, Activation: Tanh, Classes: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(5, 2, []float64{0, 0, 1, -1, -2, 0.5, 3, 3, -0.25, 2})
	var out LayerOutputs
	for round := range 2 { // the second reuses out's storage
		if err := m.ForwardLayers(&out, x); err != nil {
			t.Fatal(err)
		}
		if r, c := out.Inputs().Dims(); r != 5 || c != 2 {
			t.Errorf("round %d: inputs are %d×%d, want 5×2 (x1, x1·x2)", round, r, c)
		}
		var p []float64
		for i := range 5 {
			pt := x.RawRowView(i)
			if got, want := out.Inputs().At(i, 1), pt[0]*pt[1]; got != want {
				t.Errorf("point %d: input 1 is %v, want x1·x2 = %v", i, got, want)
			}
			acts, _ := m.Activations(pt)
			for l := range acts {
				if !floats.Equal(out.Hidden(l).RawRowView(i), acts[l]) {
					t.Errorf("round %d, point %d, layer %d: %v, Activations gives %v", round, i, l, out.Hidden(l).RawRowView(i), acts[l])
				}
			}
			want, _ := m.Proba(nil, pt)
			if p = out.Proba(p, i); !floats.Equal(p, want) {
				t.Errorf("round %d, point %d: probabilities %v, Proba gives %v", round, i, p, want)
			}
		}
	}
	two, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{2}, Activation: ReLU})
	if err := two.ForwardLayers(&out, x); err != nil {
		t.Fatal(err)
	}
	if p := out.Proba(nil, 3); len(p) != 2 || math.Abs(p[0]+p[1]-1) > 1e-15 {
		t.Errorf("two classes: probabilities %v", p)
	}
	if !mat.Equal(out.Inputs(), x) { // the raw points are the inputs, read in place
		t.Errorf("raw inputs: Inputs() is %v, want the points %v", mat.Formatted(out.Inputs()), mat.Formatted(x))
	}
	bad := mat.NewDense(1, 2, []float64{1, math.NaN()})
	if err := two.ForwardLayers(&out, bad); !errors.Is(err, ErrNotFinite) {
		t.Errorf("a NaN point: error %v", err)
	}
	if err := two.ForwardLayers(&out, mat.NewDense(1, 3, nil)); !errors.Is(err, ErrShape) {
		t.Errorf("three features: error %v", err)
	}
}
