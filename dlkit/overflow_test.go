package dlkit

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestLogitTermMatchesCrossEntropyLogit checks that the overflow-proof term is the ordinary one,
// bit for bit, wherever the ordinary one does not overflow.
func TestLogitTermMatchesCrossEntropyLogit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 100000 {
		k := 1 + rng.IntN(4)
		w, x := make([]float64, k), make([]float64, k)
		for j := range w {
			w[j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
			x[j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
		}
		b, y := rng.NormFloat64(), float64(rng.IntN(2))
		want := CrossEntropyLogit(y, affine(w, x, b))
		if got := logitTerm(y, w, x, b); !scalarClose(got, want, 4e-16) {
			t.Fatalf("%d: logitTerm(%v, %v, %v, %v) = %v, CrossEntropyLogit = %v", i, y, w, x, b, got, want)
		}
	}
}

func scalarClose(a, b, tol float64) bool {
	return a == b || math.Abs(a-b) <= tol*math.Max(math.Abs(a), math.Abs(b))
}

func TestCrossEntropyBeyondTheRange(t *testing.T) {
	// Points on the right side of the boundary, far beyond the float64 range: w·x + b
	// overflows, but each term is about e^(−2e308) = 0.
	right := MustNewDataset([][]float64{{1, 1}, {-1, -1}, {2, 0.5}}, []float64{1, 0, 1})
	for _, n := range []int{1, exactBelow} { // the exact pass and the fast one
		d := repeat(right, n)
		sums, err := CompareCrossEntropy(d, [][]float64{{1e308, 1e308}, {1, -1}}, []float64{0, 0})
		if err != nil || sums[0] != 0 {
			t.Errorf("%d points on the right side, w = (1e308, 1e308): %v, %v; want 0", d.Len(), sums, err)
		}
		plain, _ := SumCrossEntropy(d, []float64{1, -1}, 0)
		if sums[1] != plain {
			t.Errorf("choice 1 = %v, SumCrossEntropy = %v", sums[1], plain)
		}
	}
	// Two points on the wrong side, by 1e308 and 5e307: finite.
	if s, err := SumCrossEntropy(right, []float64{-1e308, 1e308}, 1e308); err != nil || !scalarClose(s, 1.5e308, 1e-15) {
		t.Errorf("w = (-1e308, 1e308), b = 1e308: %v, %v; want 1.5e308", s, err)
	}
	// One point on the wrong side by more than the range: +Inf, an error naming it.
	wrong := MustNewDataset([][]float64{{1, 1}, {3, 1}}, []float64{1, 0})
	_, err := CompareCrossEntropy(wrong, [][]float64{{1, 1}, {1e308, 1e308}}, []float64{0, 0})
	var ce *ChoiceError
	if !errors.As(err, &ce) || ce.Choice != 1 || !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "point 1 alone is on the wrong side") {
		t.Errorf("a point on the wrong side by more than the range: %v", err)
	}
	// Many large terms whose sum passes the range.
	many := repeat(MustNewDataset([][]float64{{1}}, []float64{0}), 10)
	if _, err := SumCrossEntropy(many, []float64{1e308}, 0); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "it passes 1.7976931348623157e+308 at point 1") {
		t.Errorf("ten terms of 1e308: %v", err)
	}
}

// repeat returns d's points n times over.
func repeat(d *Dataset, n int) *Dataset {
	idx := make([]int, 0, n*d.Len())
	for range n {
		for i := range d.Len() {
			idx = append(idx, i)
		}
	}
	return d.subset(idx)
}

// TestBatchesGiveTheSameBits checks that evaluating a batch at a time gives what one pass over
// all the points gives, to the bit: the loss, the accuracy, every probability.
func TestBatchesGiveTheSameBits(t *testing.T) {
	d, err := Spirals(5000, 3, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1X2}, Hidden: []int{16, 8}, Activation: Tanh, Classes: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Inputs.Standardize(d); err != nil {
		t.Fatal(err)
	}
	if m.evalRows() >= d.Len() {
		t.Fatalf("%d rows a batch: the test needs several batches", m.evalRows())
	}
	var f forward
	f.run(m, d.X())
	var g mat.Dense
	wantLoss, correct := f.outputGrad(&g, d.y, 0)
	met, err := Evaluate(m, d)
	if err != nil {
		t.Fatal(err)
	}
	if met.LogLoss != wantLoss/float64(d.Len()) || met.Accuracy != float64(correct)/float64(d.Len()) {
		t.Errorf("Evaluate: loss %v, accuracy %v; one pass: %v, %v", met.LogLoss, met.Accuracy, wantLoss/float64(d.Len()), float64(correct)/float64(d.Len()))
	}
	p, err := m.ProbaBatch(d.X())
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	err = m.PredictEach(d.Points(), func(lo int, proba *mat.Dense, classes []int) error {
		n, _ := proba.Dims()
		for i := range n {
			want := f.proba(make([]float64, 3), lo+i)
			if !floatsEqual(proba.RawRowView(i), want) || !floatsEqual(p.RawRowView(lo+i), want) || classes[i] != f.predict(lo+i) {
				t.Fatalf("point %d: %v, %v, class %d; one pass: %v, %d", lo+i, proba.RawRowView(i), p.RawRowView(lo+i), classes[i], want, f.predict(lo+i))
			}
		}
		if lo != seen {
			t.Fatalf("batch from %d after %d points", lo, seen)
		}
		seen += n
		return nil
	})
	if err != nil || seen != d.Len() {
		t.Errorf("PredictEach: %d points, %v", seen, err)
	}
}

func floatsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestNetworkOverflow checks that a network whose output overflows for some point is an error
// naming the point, and that PredictEach says so before it calls f.
func TestNetworkOverflow(t *testing.T) {
	m, err := NewMLP(MLPConfig{Features: 1, Hidden: []int{2}, Activation: ReLU, Classes: 3})
	if err != nil {
		t.Fatal(err)
	}
	m.Hidden[0].W.Set(0, 0, 1e300)
	m.Hidden[0].W.Set(0, 1, 1e300)
	m.Output.W.Set(0, 0, 1e300)
	m.Output.W.Set(1, 0, -1e300)
	path := t.TempDir() + "/p.csv"
	rows := "x,label\n" + strings.Repeat("0,0\n", 2000) + "\n# then\n1e10,1\n"
	if err := writeFile(path, rows); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPointsFor(path, m)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = m.PredictEach(p, func(int, *mat.Dense, []int) error { calls++; return nil })
	if !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), path+": line 2004: the network computes") || calls != 0 {
		t.Errorf("PredictEach: %v after %d calls", err, calls)
	}
	d := MustNewDataset([][]float64{{0}, {1e10}}, []float64{0, 1})
	if _, err := Evaluate(m, d); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "point 1: the network computes") {
		t.Errorf("Evaluate: %v", err)
	}
	for _, err := range []error{second(m.Proba(nil, []float64{1e10})), second(m.Predict([]float64{1e10})), second(m.Activations([]float64{1e300})), second(m.ProbaBatch(d.X())), second(m.PredictBatch(nil, d.X()))} {
		if !errors.Is(err, ErrNotFinite) {
			t.Errorf("a point that overflows the network: %v", err)
		}
	}
}

func TestStandardizeHugeValues(t *testing.T) {
	d := MustNewDataset([][]float64{{1e308, 1}, {-1e308, 2}, {1.5e308, 3}}, []float64{0, 1, 0})
	var in Inputs
	in.Features = 2
	if err := in.Standardize(d); err != nil || firstNonFinite(in.Mean) >= 0 || firstNonFinite(in.Scale) >= 0 {
		t.Fatalf("Standardize: %v, %v, %v", in.Mean, in.Scale, err)
	}
	if want := (1e308 - 1e308 + 1.5e308) / 3; !scalarClose(in.Mean[0], want, 1e-15) || in.Mean[1] != 2 {
		t.Errorf("means %v, want %v and 2", in.Mean, want)
	}
	in.Crosses = []Cross{X1Squared}
	if err := in.Standardize(d); !errors.Is(err, ErrNotFinite) || !strings.Contains(err.Error(), "point 0: network input 2 (x1^2) is +Inf") {
		t.Errorf("x1² of 1e308: %v", err)
	}
}

func TestTrainLimits(t *testing.T) {
	d, _ := Moons(100, 0.1, 1)
	wide, err := NewMLP(MLPConfig{Features: 2, Hidden: []int{65536, 1}, Activation: ReLU})
	if err != nil {
		t.Fatal(err)
	}
	big := repeat(d, 21)
	for i, test := range []struct {
		m    *MLP
		d    *Dataset
		c    TrainConfig
		says string
	}{
		{Logistic([]float64{0, 0}, 0), d, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: MaxEpochs + 1}, "1000001 epochs, beyond the limit of 1000000"},
		{wide, big, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 1}, "2100 × 131080 = 275268000 values for a training batch"},
		{wide, d, TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 300, KeepParams: true}, "300 × 262147 = 78644100 parameters kept"},
		{&MLP{Inputs: Inputs{Features: 2, Crosses: []Cross{X1X2}}, Output: Layer{W: mat.NewDense(3, 1, nil)}, Classes: 2},
			MustNewDataset([][]float64{{1, 1}, {1e200, 1e200}}, []float64{0, 1}), TrainConfig{Optimizer: SGD{LearningRate: 1}, Epochs: 1},
			"point 1: network input 2 (x1*x2) is +Inf"},
	} {
		test.c.OnEpoch = func(Epoch) bool { return false } // should the check fail, no long training
		if _, err := Train(test.m, test.d, test.c); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }

func TestGeneratorLimits(t *testing.T) {
	for i, test := range []struct {
		err  error
		says string
	}{
		{second(Moons(math.MaxInt, 0.1, 0)), "dlkit: Moons: " + strconv.Itoa(math.MaxInt) + " points, beyond the limit of 33554432 (dlkit.MaxPoints)"},
		{second(Separable(MaxPoints+1, 0)), "Separable: 33554433 points, beyond the limit"},
		{second(Blobs(10, 1_000_000_000, 0.1, 0)), "Blobs: 1000000000 classes, beyond the limit of 1000 (dlkit.MaxClasses)"},
		{second(Spirals(math.MaxInt, math.MaxInt, 0.1, 0)), "Spirals: " + strconv.Itoa(math.MaxInt) + " classes"},
		{second(Circles(50, 1e308, 0)), "Circles noise 1e+308 puts point"},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, test.err, test.says)
		}
	}
}

func TestPerceptronOverflow(t *testing.T) {
	p := Perceptron{Weights: []float64{1e308, -1e308}, Bias: 0, Activation: Sigmoid}
	x := []float64{2, -2} // w·x = 4e308: beyond the range, the products' sum overflows
	if _, err := p.WeightedSum(x); !errors.Is(err, ErrNotFinite) {
		t.Errorf("WeightedSum: %v", err)
	}
	if out, err := p.Forward(x); err != nil || out != 1 {
		t.Errorf("Forward = %v, %v; want 1", out, err)
	}
	p.Weights = []float64{1e308, 1e308} // 2e308 − 2e308: Inf − Inf in a plain sum, 0 here
	if z, err := p.WeightedSum(x); err != nil || z != 0 {
		t.Errorf("WeightedSum of 2e308 − 2e308 = %v, %v", z, err)
	}
	p.Weights, p.Activation = []float64{-1e308, -1e308}, Step
	if label, err := p.Predict([]float64{2, 1}); err != nil || label != 0 {
		t.Errorf("Predict = %v, %v; want 0", label, err)
	}
	out, err := p.ForwardBatch(nil, mat.NewDense(2, 2, []float64{2, 1, -2, -1}))
	if err != nil || out[0] != 0 || out[1] != 1 {
		t.Errorf("ForwardBatch = %v, %v", out, err)
	}
	p.Activation = ReLU
	if _, err := p.Forward([]float64{-2, -1}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("ReLU of +Inf: %v", err)
	}
	p.Activation = Step
	if _, err := p.LearnRule(TutorialData(), 1, MaxEpochs+1); err == nil || !strings.Contains(err.Error(), "1000001 epochs") {
		t.Errorf("LearnRule with too many epochs: %v", err)
	}
}
