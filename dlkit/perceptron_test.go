package dlkit

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// The tutorial's reference results (../shared/seed/REFERENCE.md), printed by NumPy. They must be
// reproduced to within a few ulps: relative error below 1e-15.
const (
	refForward   = 0.9999979547735586
	refSumError1 = 2.772588722239781
	refSumError2 = 7.80203873765316
	refTol       = 1e-15
)

func TestTutorialReference(t *testing.T) {
	x := []float64{2, 3}
	p := Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: Step}
	if got, err := p.Predict(x); err != nil || got != 1 {
		t.Errorf("step perceptron: Predict = %v, %v, want 1", got, err)
	}
	p.Activation = Sigmoid
	if got, err := p.Forward(x); err != nil || !scalar.EqualWithinRel(got, refForward, refTol) {
		t.Errorf("sigmoid perceptron: Forward = %v, %v, want %v", got, err, refForward)
	}
	if got, err := p.Predict(x); err != nil || got != 1 {
		t.Errorf("sigmoid perceptron: Predict = %v, %v, want 1", got, err)
	}

	d := TutorialData()
	sums, err := CompareCrossEntropy(d, [][]float64{{0, 0}, {1, -1}}, []float64{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{refSumError1, refSumError2} {
		if !scalar.EqualWithinRel(sums[i], want, refTol) {
			t.Errorf("sum_error%d = %v, want %v", i+1, sums[i], want)
		}
		// The tutorial's own way: the per-point formula on probabilities, summed.
		p := Perceptron{Weights: [][]float64{{0, 0}, {1, -1}}[i], Activation: Sigmoid}
		var naive float64
		for j := range d.Len() {
			out, err := p.Forward(d.Point(j))
			if err != nil {
				t.Fatal(err)
			}
			naive += CrossEntropy(d.Label(j), out)
		}
		if !scalar.EqualWithinRel(naive, want, refTol) {
			t.Errorf("per-point sum_error%d = %v, want %v", i+1, naive, want)
		}
	}
}

func TestPerceptronBatch(t *testing.T) {
	d, err := Separable(101, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range []Activation{Step, Sigmoid} {
		p := Perceptron{Weights: []float64{0.7, -1.3}, Bias: 0.2, Activation: act}
		dst := make([]float64, 0, 200)
		out, err := p.ForwardBatch(dst, d.X())
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != d.Len() || &out[0] != &dst[:1][0] {
			t.Errorf("%v: ForwardBatch returned %d values, reused dst: %v", act, len(out), &out[0] == &dst[:1][0])
		}
		// The generic mat.Matrix path (no raw rows) must agree with the raw one.
		var dense mat.Dense
		dense.CloneFrom(d.X().T())
		viaT, err := p.ForwardBatch(nil, dense.T())
		if err != nil {
			t.Fatal(err)
		}
		labels, err := p.PredictBatch(nil, d.X())
		if err != nil {
			t.Fatal(err)
		}
		for i := range d.Len() {
			one, err := p.Forward(d.Point(i))
			if err != nil {
				t.Fatal(err)
			}
			lab, _ := p.Predict(d.Point(i))
			if out[i] != one || viaT[i] != one || labels[i] != lab {
				t.Errorf("%v: point %d: batch %v, transposed %v, single %v; labels %v, %v", act, i, out[i], viaT[i], one, labels[i], lab)
			}
		}
	}
}

func TestThreshold(t *testing.T) {
	got := Threshold(nil, []float64{0.2, 0.5, 0.51, 0.9}, 0.5)
	want := []int{0, 0, 1, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Threshold at 0.5: got %v, want %v", got, want)
			break
		}
	}
	if got := Threshold(nil, []float64{0.2, 0.5, 0.51, 0.9}, 0.8); got[2] != 0 || got[3] != 1 {
		t.Errorf("Threshold at 0.8: got %v", got)
	}
}

func TestPerceptronErrors(t *testing.T) {
	good := []float64{1, 2}
	for i, test := range []struct {
		p    Perceptron
		x    []float64
		is   error
		says string
	}{
		{Perceptron{Weights: good}, good, nil, "activation"},
		{Perceptron{Activation: Step}, good, ErrEmpty, "no weights"},
		{Perceptron{Weights: []float64{1, 2, 3}, Activation: Step}, good, ErrShape, "3 weights for data with 2 features"},
		{Perceptron{Weights: good, Activation: Sigmoid}, []float64{1}, ErrShape, "2 weights for data with 1 feature"},
		{Perceptron{Weights: []float64{1, math.NaN()}, Activation: Sigmoid}, good, ErrNotFinite, "weights[1] is NaN"},
		{Perceptron{Weights: good, Bias: math.Inf(1), Activation: Sigmoid}, good, ErrNotFinite, "bias is +Inf"},
		{Perceptron{Weights: good, Activation: Sigmoid}, []float64{math.Inf(-1), 0}, ErrNotFinite, "x[0] is -Inf"},
	} {
		_, err := test.p.Forward(test.x)
		if err == nil || !strings.Contains(err.Error(), test.says) || (test.is != nil && !errors.Is(err, test.is)) {
			t.Errorf("%d: Forward error %v, want one saying %q and wrapping %v", i, err, test.says, test.is)
		}
		if _, err2 := test.p.Predict(test.x); err2 == nil {
			t.Errorf("%d: Predict gave no error", i)
		}
	}

	p := Perceptron{Weights: good, Activation: Sigmoid}
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, math.NaN()})
	if _, err := p.ForwardBatch(nil, x); err == nil || !strings.Contains(err.Error(), "row 2, column 1") || !errors.Is(err, ErrNotFinite) {
		t.Errorf("ForwardBatch with a NaN: %v", err)
	}
	if _, err := p.PredictBatch(nil, mat.NewDense(1, 3, nil)); !errors.Is(err, ErrShape) {
		t.Errorf("PredictBatch with 3 columns: %v", err)
	}
}
