package dlkit

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func xorData() *Dataset {
	return MustNewDataset([][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}}, []float64{0, 1, 1, 0})
}

func TestTrainXOR(t *testing.T) {
	m, err := NewMLP(MLPConfig{Features: 2, Hidden: []int{8}, Activation: Tanh, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	h, err := Train(m, xorData(), TrainConfig{Optimizer: Adam{LearningRate: 0.05}, Epochs: 500, TargetLoss: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	last := len(h.Loss) - 1
	if h.Stop != "target loss" || h.Loss[last] > 0.01 || h.Accuracy[last] != 1 {
		t.Fatalf("XOR: stopped by %q after %d epochs at loss %v, accuracy %v", h.Stop, last+1, h.Loss[last], h.Accuracy[last])
	}
	for i, x := range [][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		if got, _ := m.Predict(x); float64(got) != xorData().Label(i) {
			t.Errorf("XOR%v = %d", x, got)
		}
	}
}

// Every optimizer, full batch or not, lowers the loss; the same seed gives the same run.
func TestOptimizers(t *testing.T) {
	d, err := Separable(300, 4)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []TrainConfig{
		{Optimizer: SGD{LearningRate: 0.5}},
		{Optimizer: SGD{LearningRate: 0.1, Momentum: 0.9}},
		{Optimizer: Adam{LearningRate: 0.05}},
		{Optimizer: SGD{LearningRate: 0.05}, BatchSize: 32, Seed: 1},
		{Optimizer: Adam{LearningRate: 0.01}, BatchSize: 7, Seed: 2, L2: 1e-3},
		{Optimizer: SGD{LearningRate: 0.05, Momentum: 0.5}, BatchSize: 50, L1: 1e-3},
	} {
		c.Epochs = 30
		run := func() (History, *MLP) {
			m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{5}, Activation: Sigmoid, Seed: 8})
			h, err := Train(m, d, c)
			if err != nil {
				t.Fatalf("%d: %v", i, err)
			}
			return h, m
		}
		h, m := run()
		if len(h.Loss) != 30 || h.Stop != "epochs" || !(h.Loss[29] < h.Loss[0]/2) || h.Accuracy[29] < 0.95 {
			t.Errorf("%d: %d epochs, stop %q, loss %v → %v, accuracy %v", i, len(h.Loss), h.Stop, h.Loss[0], h.Loss[29], h.Accuracy[29])
		}
		h2, m2 := run()
		if h2.Loss[29] != h.Loss[29] || !mat.Equal(m.Hidden[0].W, m2.Hidden[0].W) {
			t.Errorf("%d: two runs with the same seed differ", i)
		}
	}
}

// L2 shrinks weights, L1 zeroes the useless ones: here the second feature is pure noise.
func TestRegularisation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	pts, labels := make([][]float64, 400), make([]float64, 400)
	for i := range pts {
		x := rng.NormFloat64()
		pts[i] = []float64{x, rng.NormFloat64()}
		if x+0.3*rng.NormFloat64() > 0 {
			labels[i] = 1
		}
	}
	d := MustNewDataset(pts, labels)
	fit := func(l1, l2 float64) []float64 {
		m := Logistic([]float64{0, 0}, 0)
		if _, err := Train(m, d, TrainConfig{Optimizer: SGD{LearningRate: 0.5}, Epochs: 300, L1: l1, L2: l2}); err != nil {
			t.Fatal(err)
		}
		return m.Output.W.RawMatrix().Data
	}
	plain, ridge, lasso := fit(0, 0), fit(0, 0.1), fit(0.05, 0)
	if !(math.Abs(ridge[0]) < math.Abs(plain[0])/2) {
		t.Errorf("L2 did not shrink the weight: %v vs %v", ridge[0], plain[0])
	}
	// With plain (sub)gradient steps an L1-pulled weight jitters around 0 by up to
	// learning rate × λ₁ = 0.025, while the useful weight stays large.
	if !(math.Abs(lasso[1]) <= 0.025 && math.Abs(plain[1]) > 4*0.025 && math.Abs(lasso[0]) > 1) {
		t.Errorf("L1: weights %v (unregularised %v); want the noise feature's near 0", lasso, plain)
	}
}

func TestSoftmaxTraining(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	var pts [][]float64
	var labels []float64
	for i := range 300 {
		k := i % 3
		a := 2 * math.Pi * float64(k) / 3
		pts = append(pts, []float64{3*math.Cos(a) + rng.NormFloat64()*0.5, 3*math.Sin(a) + rng.NormFloat64()*0.5})
		labels = append(labels, float64(k))
	}
	d := MustNewDataset(pts, labels)
	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{8}, Activation: ReLU, Classes: 3, Seed: 1})
	h, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.02}, Epochs: 100})
	if err != nil {
		t.Fatal(err)
	}
	if acc := h.Accuracy[len(h.Accuracy)-1]; acc < 0.98 {
		t.Errorf("three blobs: accuracy %v", acc)
	}
}

// 150 hidden layers, 8 tanh units wide (Xavier) or 32 ReLU units wide (He): at the start the
// gradients of the first and the last hidden layer are of ordinary size and within a factor
// of 100 of each other — nothing vanishes or blows up — and a few dozen epochs of Adam fit a
// simple task. Sigmoid units make the first layer's gradient vanish; ReLU weights drawn from
// N(0, 1) instead of He's N(0, 2/32) make it explode.
func TestDeepNarrowNetworks(t *testing.T) {
	d, err := Separable(200, 3)
	if err != nil {
		t.Fatal(err)
	}
	deep := func(act Activation, width int) *MLP {
		hidden := make([]int, 150)
		for i := range hidden {
			hidden[i] = width
		}
		m, err := NewMLP(MLPConfig{Features: 2, Hidden: hidden, Activation: act, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Inputs.Standardize(d); err != nil {
			t.Fatal(err)
		}
		return m
	}
	// gradients returns |∂E/∂W| of the first and of the last hidden layer.
	gradients := func(m *MLP) (first, last float64) {
		_, g := lossAndGrads(m, d.X().(*mat.Dense), d.y)
		norm := func(v []float64) float64 { return mat.Norm(mat.NewVecDense(len(v), v), 2) }
		return norm(g[0]), norm(g[2*149])
	}
	for _, test := range []struct {
		act   Activation
		width int
	}{{Tanh, 8}, {ReLU, 32}} {
		m := deep(test.act, test.width)
		first, last := gradients(m)
		if !(first > 1e-5 && first < 1e2 && last > 1e-5 && last < 1e2 && first/last > 1e-2 && first/last < 1e2) {
			t.Errorf("%v: gradients of the first and last hidden layers %v and %v at the start", test.act, first, last)
		}
		h, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 60})
		if err != nil {
			t.Fatalf("%v: %v", test.act, err)
		}
		if last := len(h.Loss) - 1; h.Accuracy[last] < 0.95 || !(h.Loss[last] < 0.8*h.Loss[0]) {
			t.Errorf("%v: after %d epochs, accuracy %v and loss %v → %v", test.act, last+1, h.Accuracy[last], h.Loss[0], h.Loss[last])
		}
	}
	if first, _ := gradients(deep(Sigmoid, 8)); first > 1e-20 {
		t.Errorf("sigmoid: first layer's gradient %v; expected it to vanish", first)
	}
	tooBig := deep(ReLU, 32)
	for l := range tooBig.Hidden {
		tooBig.Hidden[l].W.Scale(4, tooBig.Hidden[l].W) // standard deviation 1 instead of 1/4
	}
	if first, _ := gradients(tooBig); first < 1e20 {
		t.Errorf("ReLU with N(0, 1) weights: first layer's gradient %v; expected it to explode", first)
	}
}

func TestTrainStops(t *testing.T) {
	d, _ := Separable(100, 1)
	m := Logistic([]float64{0, 0}, 0)
	calls := 0
	h, err := Train(m, d, TrainConfig{Optimizer: SGD{LearningRate: 0.1}, Epochs: 50, OnEpoch: func(e Epoch) bool {
		calls++
		if e.Epoch != calls || e.Epochs != 50 || e.Model != m || e.Loss <= 0 {
			t.Errorf("epoch report %+v", e)
		}
		return e.Epoch < 5
	}})
	if err != nil || h.Stop != "OnEpoch" || len(h.Loss) != 5 || calls != 5 {
		t.Errorf("stopped by %q after %d epochs (%d calls): %v", h.Stop, len(h.Loss), calls, err)
	}
	// A learning rate far too large overflows the weights: a clear error, not NaNs.
	rng := rand.New(rand.NewPCG(2, 2))
	pts, labels := make([][]float64, 50), make([]float64, 50)
	for i := range pts {
		pts[i] = []float64{rng.NormFloat64() * 1e3, rng.NormFloat64() * 1e3}
		labels[i] = float64(rng.IntN(2))
	}
	noisy := MustNewDataset(pts, labels)
	big, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{4}, Activation: ReLU})
	if _, err := Train(big, noisy, TrainConfig{Optimizer: SGD{LearningRate: 1e300}, Epochs: 20}); !errors.Is(err, ErrDiverged) {
		t.Errorf("learning rate 1e300: %v", err)
	}
}

func TestTrainTargetsAndPatience(t *testing.T) {
	d, _ := Moons(400, 0.1, 1)
	net := func() *MLP {
		m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{16}, Activation: Tanh, Seed: 1})
		return m
	}
	m := net()
	h, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.01}, Epochs: 1000, TargetAccuracy: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := Evaluate(m, d)
	if h.Stop != "target accuracy" || e.Accuracy < 0.95 || len(h.Loss) == 1000 {
		t.Errorf("target accuracy 0.95: stopped by %q after %d epochs at accuracy %v", h.Stop, len(h.Loss), e.Accuracy)
	}
	// Patience: stop once the loss stops falling by more than the tolerance.
	h, err = Train(net(), d, TrainConfig{Optimizer: Adam{LearningRate: 0.01}, Epochs: 5000, Patience: 10, Tolerance: 1e-3})
	if err != nil {
		t.Fatal(err)
	}
	n := len(h.Loss)
	if h.Stop != "no improvement" || n == 5000 {
		t.Fatalf("patience: stopped by %q after %d epochs", h.Stop, n)
	}
	// Each of the last 10 epochs failed to beat the best loss before it by more than 1e-3.
	best := math.Inf(1)
	for e, l := range h.Loss {
		if e >= n-10 && l < best-1e-3 {
			t.Errorf("epoch %d: loss %v beat the best %v by more than the tolerance", e+1, l, best)
		}
		best = math.Min(best, l)
	}
}

func TestTrainErrors(t *testing.T) {
	d := TutorialData()
	three := MustNewDataset([][]float64{{1, 2}, {3, 4}}, []float64{0, 2})
	ok := TrainConfig{Optimizer: SGD{LearningRate: 0.1}, Epochs: 1}
	for i, test := range []struct {
		m    *MLP
		d    *Dataset
		c    TrainConfig
		says string
	}{
		{Logistic([]float64{1, 2, 3}, 0), d, ok, "takes 3 features, the data has 2"},
		{Logistic([]float64{1, 2}, 0), three, ok, "point 1: label 2, but the network (2 classes) takes labels 0 and 1"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Epochs: 1}, "Optimizer is not set"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{}, Epochs: 1}, "learning rate 0"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1, Momentum: 1}, Epochs: 1}, "momentum 1"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: Adam{LearningRate: 1, Beta1: 1.5}, Epochs: 1}, "beta 1.5"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1}}, "0 epochs"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 1, L2: -1}, "must be finite and ≥ 0, got -1"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 1, TargetAccuracy: 2}, "TargetAccuracy 2"},
		{Logistic([]float64{1, 2}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 1, Patience: -1}, "Patience -1"},
		{Logistic([]float64{1, math.NaN()}, 0), d, ok, "NaN"},
	} {
		if _, err := Train(test.m, test.d, test.c); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}

// benchMLP returns the 2-64-64-1 tanh network and n points of ../shared/anchors/torch_cpu_mlp.py.
func benchMLP(b *testing.B, n int) (*MLP, *Dataset) {
	m, err := NewMLP(MLPConfig{Features: 2, Hidden: []int{64, 64}, Activation: Tanh, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return m, benchData(n)
}

// BenchmarkMLPStep is one full-batch SGD step — forward, backward, update — of a 2-64-64-1
// tanh network with binary cross-entropy.
func BenchmarkMLPStep(b *testing.B) {
	for _, n := range []int{256, 10000} {
		b.Run("N="+strconv.Itoa(n), func(b *testing.B) {
			m, d := benchMLP(b, n)
			tr, err := newTrainer(m, d, TrainConfig{Optimizer: SGD{LearningRate: 0.01}, Epochs: 1})
			if err != nil {
				b.Fatal(err)
			}
			tr.epoch() // the first step sizes the scratch matrices
			b.ReportAllocs()
			for b.Loop() {
				tr.epoch()
			}
		})
	}
}
