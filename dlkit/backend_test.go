package dlkit

import (
	"errors"
	"math"
	"testing"
)

// TestOnCPU checks that the CPU backend gives what the functions it wraps give, to the bit, and
// their errors. (The gpu package's parity suite runs every backend, this one included.)
func TestOnCPU(t *testing.T) {
	d := must(Separable(5000, 2))
	b := OnCPU(d)
	if b.Len() != 5000 || b.Dim() != 2 || b.String() != "CPU" || b.Close() != nil {
		t.Fatalf("OnCPU: %d×%d, %q, Close %v", b.Len(), b.Dim(), b, b.Close())
	}
	weights, biases := [][]float64{{1, 1}, {0.5, -2}}, []float64{0.1, -3}
	want := must(CompareCrossEntropy(d, weights, biases))
	if got := must(b.CompareCrossEntropy(weights, biases)); got[0] != want[0] || got[1] != want[1] {
		t.Errorf("CompareCrossEntropy = %v, want %v", got, want)
	}
	if got := must(b.SumCrossEntropy(weights[1], biases[1])); got != want[1] {
		t.Errorf("SumCrossEntropy = %v, want %v", got, want[1])
	}
	if got := must(b.MeanCrossEntropy(weights[1], biases[1])); got != want[1]/5000 {
		t.Errorf("MeanCrossEntropy = %v, want %v", got, want[1]/5000)
	}
	for _, act := range []Activation{Step, Sigmoid} {
		p := &Perceptron{Weights: weights[1], Bias: biases[1], Activation: act}
		want := must(p.ForwardBatch(nil, d.X()))
		got := must(b.ForwardBatch(nil, p))
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%v: ForwardBatch[%d] = %v, want %v", act, i, got[i], want[i])
			}
		}
	}
	for i, test := range []struct {
		p    Perceptron
		want error // nil: an error that names the activation
	}{
		{Perceptron{Weights: []float64{1, 1}, Activation: Tanh}, nil},
		{Perceptron{Weights: []float64{1, 1}}, nil},
		{Perceptron{Activation: Step}, ErrEmpty},
		{Perceptron{Weights: []float64{1, 2, 3}, Activation: Sigmoid}, ErrShape},
		{Perceptron{Weights: []float64{1, math.NaN()}, Activation: Sigmoid}, ErrNotFinite},
	} {
		_, err := b.ForwardBatch(nil, &test.p)
		if err == nil || test.want != nil && !errors.Is(err, test.want) ||
			test.want == nil && err.Error() != "dlkit: a Backend's ForwardBatch computes the step and sigmoid activations, not "+test.p.Activation.String() {
			t.Errorf("%d: ForwardBatch(%+v): %v, want %v", i, test.p, err, test.want)
		}
		if cerr := CheckForward(&test.p, 2); cerr == nil || cerr.Error() != err.Error() {
			t.Errorf("%d: CheckForward: %v; ForwardBatch: %v", i, cerr, err)
		}
	}
}
