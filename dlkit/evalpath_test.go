package dlkit

import (
	"math"
	"testing"

	"github.com/percept-go/percept/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// TestEvaluateSameEveryWay checks that a network's outputs for a batch of MNIST images are the
// same bits however the batch is passed and on every instruction set the kernels run on here:
// read in place or copied through the Inputs stage (a matrix that is a view with a wider
// stride, a subset of a dataset copied or not), the first layer dense or skipping the zero
// pixels (a batch of 256 rows and more: Evaluate's), point by point (dense) or in a batch;
// with the inputs the raw pixels, standardised, or with two pixels omitted.
func TestEvaluateSameEveryWay(t *testing.T) {
	test, err := LoadMNIST("", "test")
	if err != nil {
		t.Fatal(err)
	}
	digits := must(test.Where(func(i int) bool { return i%5 < 2 && i < 3000 })) // 1200 images, not copied
	n, k := digits.Len(), digits.Dim()
	wide := mat.NewDense(n, k+3, nil) // the same points in a matrix with a wider stride
	for i := range n {
		copy(wide.RawRowView(i), digits.Point(i))
	}
	view := wide.Slice(0, n, 0, k)
	plain := must(NewMLP(MLPConfig{Features: 784, Hidden: []int{48}, Activation: Tanh, Classes: 10, Seed: 7}))
	scaled := plain.Clone()
	if err := scaled.Inputs.Standardize(digits); err != nil { // the Inputs stage does something
		t.Fatal(err)
	}
	// Omitting features is also an Inputs stage: the rows cannot be read in place.
	omitted := must(NewMLP(MLPConfig{Features: 784, Omit: []int{0, 400}, Hidden: []int{48}, Activation: Tanh, Classes: 10, Seed: 7}))
	for _, m := range []*MLP{plain, scaled, omitted} {
		// The reference: each point alone (one row: dense), on the Go kernels.
		old := kernels.Use(kernels.Go)
		want := mat.NewDense(n, 10, nil)
		for i := range n {
			must(m.Proba(want.RawRowView(i), digits.Point(i)))
		}
		wantMetrics := must(Evaluate(m, digits))
		kernels.Use(old)
		for isa := kernels.Go; isa <= kernels.Best(); isa++ {
			old := kernels.Use(isa)
			for _, x := range []struct {
				what string
				x    mat.Matrix
			}{{"the points in place", digits.X()}, {"a view with a wider stride", view}} {
				got := must(m.ProbaBatch(x.x))
				for i := range n {
					for j := range 10 {
						if g, w := got.At(i, j), want.At(i, j); math.Float64bits(g) != math.Float64bits(w) {
							t.Fatalf("%v, %s, inputs plain %v: point %d class %d: %v, alone on Go %v", isa, x.what, m.Inputs.plain(), i, j, g, w)
						}
					}
				}
			}
			for _, d := range []*Dataset{digits, must(test.Where(func(i int) bool { return i%5 < 2 && i < 3000 }))} {
				got := must(Evaluate(m, d))
				if math.Float64bits(got.LogLoss) != math.Float64bits(wantMetrics.LogLoss) || got.Accuracy != wantMetrics.Accuracy {
					t.Errorf("%v, inputs plain %v: Evaluate: log-loss %v, accuracy %v; on Go %v, %v", isa, m.Inputs.plain(), got.LogLoss, got.Accuracy, wantMetrics.LogLoss, wantMetrics.Accuracy)
				}
			}
			kernels.Use(old)
		}
	}
}
