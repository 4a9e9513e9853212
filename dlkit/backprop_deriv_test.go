package dlkit

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/percept-go/percept/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// TestBackpropUsesActivationFormulas ties what backpropagation computes inline, for speed, to
// the formulas of activation.go and loss.go: the layers' activations to Activation.Apply, the
// tanh gradient kernel to Activation.derivFromOutput (which TestDerivatives ties to Deriv), and
// the output layer's loss and gradient to CrossEntropyLogit, the sigmoid and the softmax.
func TestBackpropUsesActivationFormulas(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	z := make([]float64, 1003)
	for i := range z {
		z[i] = rng.NormFloat64() * 6
	}
	z[0], z[1], z[2] = 0, 40, -40
	for _, a := range []Activation{Sigmoid, Tanh, ReLU} {
		v := append([]float64(nil), z...)
		activate(a, v)
		for i, x := range z {
			// kernels.Tanh is within about two ulps of math.Tanh; the others are Apply's code.
			if want := a.Apply(x); v[i] != want && !(a == Tanh && ulps(v[i], want) <= 2) {
				t.Errorf("%v in a network at %v: %v, Apply gives %v", a, x, v[i], want)
			}
		}
	}
	h := append([]float64(nil), z...)
	kernels.Tanh(h)
	d := make([]float64, len(h))
	for i := range d {
		d[i] = rng.NormFloat64()
	}
	got := append([]float64(nil), d...)
	kernels.TanhGrad(got, h)
	for i := range d {
		if want := d[i] * Tanh.derivFromOutput(h[i]); got[i] != want {
			t.Errorf("tanh gradient at output %v: %v, derivFromOutput gives %v", h[i], got[i], want)
		}
	}

	// The output layer: one logit per point (sigmoid) and three (softmax).
	for _, classes := range []int{1, 3} {
		n := len(z) / classes
		var f forward
		f.logits = *mat.NewDense(n, classes, append([]float64(nil), z[:n*classes]...))
		y := make([]float64, n)
		for i := range y {
			y[i] = float64(rng.IntN(max(classes, 2)))
		}
		var g mat.Dense
		loss, _ := f.outputGrad(&g, y, 0)
		var want float64
		p := make([]float64, max(classes, 2))
		for i := range n {
			zi := f.logits.RawRowView(i)
			f.proba(p, i)
			if classes == 1 {
				want += CrossEntropyLogit(y[i], zi[0])
				if gi, w := g.At(i, 0), (sigmoid(zi[0])-y[i])*(1/float64(n)); gi != w || p[1] != sigmoid(zi[0]) {
					t.Errorf("logit %v, label %v: gradient %v, want (σ(z) − y)/n = %v", zi[0], y[i], gi, w)
				}
				continue
			}
			want += logSumExp(zi) - zi[int(y[i])]
			for k := range classes {
				onehot := 0.0
				if k == int(y[i]) {
					onehot = 1
				}
				// Within a few ulps of 1/n: the code subtracts 1/n after scaling, not 1 before.
				if gi, w := g.At(i, k), (p[k]-onehot)/float64(n); math.Abs(gi-w) > 0x1p-50/float64(n) {
					t.Errorf("logits %v, label %v: gradient %d is %v, want (softmax − onehot)/n = %v", zi, y[i], k, gi, w)
				}
			}
		}
		if math.Abs(loss-want) > 1e-13*want {
			t.Errorf("%d logits: summed loss %v, the formulas give %v", classes, loss, want)
		}
	}
}
