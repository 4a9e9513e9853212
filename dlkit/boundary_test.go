package dlkit

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestDecisionBoundary(t *testing.T) {
	for i, test := range []struct {
		w        []float64
		b        float64
		vertical bool
		str      string
		// The clipped segment in the box [-5, 5]², or none.
		p, q [2]float64
		hits bool
	}{
		// The tutorial's first weights: 2·x1 + 3·x2 + 0.1 = 0.
		{[]float64{2, 3}, 0.1, false, "x2 = -0.6667·x1 - 0.03333", [2]float64{-5, 3.3}, [2]float64{5, -3.3666666666666667}, true},
		// Vertical: x1 = 2.
		{[]float64{1, 0}, -2, true, "x1 = 2", [2]float64{2, -5}, [2]float64{2, 5}, true},
		{[]float64{-3, 0}, 0, true, "x1 = 0", [2]float64{0, -5}, [2]float64{0, 5}, true},
		// Horizontal: x2 = 1.
		{[]float64{0, 2}, -2, false, "x2 = 1", [2]float64{-5, 1}, [2]float64{5, 1}, true},
		// Through a corner's neighbourhood, and missing the box entirely.
		{[]float64{1, 1}, 0, false, "x2 = -1·x1", [2]float64{-5, 5}, [2]float64{5, -5}, true},
		{[]float64{1, 1}, -20, false, "x2 = -1·x1 + 20", [2]float64{}, [2]float64{}, false},
		{[]float64{1, 0}, -6, true, "x1 = 6", [2]float64{}, [2]float64{}, false},
		// Huge weights must not overflow.
		{[]float64{1e300, 1e300}, 0, false, "x2 = -1·x1", [2]float64{-5, 5}, [2]float64{5, -5}, true},
	} {
		l, err := DecisionBoundary(test.w, test.b)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if l.Vertical() != test.vertical {
			t.Errorf("%d: Vertical = %v", i, l.Vertical())
		}
		if got := l.String(); got != test.str {
			t.Errorf("%d: String = %q, want %q", i, got, test.str)
		}
		if _, _, ok := l.SlopeIntercept(); ok == test.vertical {
			t.Errorf("%d: SlopeIntercept ok = %v", i, ok)
		}
		p, q, hits := l.Clip(-5, 5, -5, 5)
		if hits != test.hits {
			t.Errorf("%d: Clip hits = %v, want %v", i, hits, test.hits)
			continue
		}
		if !hits {
			continue
		}
		// Same segment, in either direction.
		if !(near(p, test.p) && near(q, test.q) || near(p, test.q) && near(q, test.p)) {
			t.Errorf("%d: Clip = %v, %v, want %v, %v", i, p, q, test.p, test.q)
		}
		// Both ends are on the line: w·x + b ≈ 0 relative to the size of the terms.
		for _, e := range [][2]float64{p, q} {
			z := l.W1*e[0] + l.W2*e[1] + l.B
			scale := math.Abs(l.W1*e[0]) + math.Abs(l.W2*e[1]) + math.Abs(l.B)
			if math.Abs(z) > 1e-14*scale {
				t.Errorf("%d: end %v is off the line: w·x+b = %v", i, e, z)
			}
		}
	}
}

func near(a, b [2]float64) bool {
	return scalar.EqualWithinAbs(a[0], b[0], 1e-12) && scalar.EqualWithinAbs(a[1], b[1], 1e-12)
}

func TestDecisionBoundaryErrors(t *testing.T) {
	for i, test := range []struct {
		w    []float64
		b    float64
		is   error
		says string
	}{
		{[]float64{0, 0}, 1.5, ErrNoBoundary, "weights are (0, 0), so z = b = 1.5 for every point"},
		{[]float64{0, 0}, 0, ErrNoBoundary, "no decision boundary"},
		{[]float64{1, 2, 3}, 0, ErrShape, "needs 2 weights, got 3"},
		{nil, 0, ErrShape, "got 0"},
		{[]float64{math.NaN(), 1}, 0, ErrNotFinite, "weights[0] is NaN"},
		{[]float64{1, 1}, math.Inf(1), ErrNotFinite, "bias is +Inf"},
	} {
		_, err := DecisionBoundary(test.w, test.b)
		if err == nil || !errors.Is(err, test.is) || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
	p := Perceptron{Weights: []float64{0, 0}, Activation: Step}
	if _, err := p.DecisionBoundary(); !errors.Is(err, ErrNoBoundary) {
		t.Errorf("Perceptron.DecisionBoundary with zero weights: %v", err)
	}
}

// Points on the label-1 side of the boundary are those the perceptron labels 1.
func TestBoundarySide(t *testing.T) {
	d, err := Separable(200, 11)
	if err != nil {
		t.Fatal(err)
	}
	p := Perceptron{Weights: []float64{1.5, -0.5}, Bias: 0.3, Activation: Step}
	l, err := p.DecisionBoundary()
	if err != nil {
		t.Fatal(err)
	}
	m, c, _ := l.SlopeIntercept()
	for i := range d.Len() {
		x := d.Point(i)
		label, _ := p.Predict(x)
		// w2 < 0, so label 1 is below the line x2 = m·x1 + c.
		if below := x[1] < m*x[0]+c; below != (label == 1) {
			t.Errorf("point %v: label %d but below the line = %v", x, label, below)
		}
	}
}
