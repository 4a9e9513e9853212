package dlkit

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// The tutorial's point (2, 3) has label 0, but w = (2, 3), b = 0.1 predicts 1. The rule fixes it.
func TestLearnRuleFixesTheTutorialPoint(t *testing.T) {
	p := Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: Step}
	point := MustNewDataset([][]float64{{2, 3}}, []float64{0})
	log, err := p.LearnRule(point, 1, 10)
	if err != nil {
		t.Fatal(err)
	}
	// One update, w − x = (0, 0) and b − 1 = −0.9, makes z = −0.9; the next pass has no mistake.
	if len(log) != 2 || log[0].Mistakes != 1 || log[1].Mistakes != 0 || p.Weights[0] != 0 || p.Weights[1] != 0 || p.Bias != 0.1-1 {
		t.Errorf("log %+v, perceptron %+v", log, p)
	}
	if got, _ := p.Predict([]float64{2, 3}); got != 0 {
		t.Errorf("after training: label %d", got)
	}
}

func TestLearnRuleSeparates(t *testing.T) {
	d, _ := Separable(200, 6)
	p := Perceptron{Weights: []float64{0, 0}, Activation: Step}
	log, err := p.LearnRule(d, 0.1, 100)
	if err != nil {
		t.Fatal(err)
	}
	if last := log[len(log)-1]; last.Mistakes != 0 {
		t.Fatalf("still %d mistakes after %d epochs", last.Mistakes, len(log))
	}
	labels, _ := p.PredictBatch(nil, d.X())
	for i, l := range labels {
		if float64(l) != d.Label(i) {
			t.Errorf("point %d: label %d, want %v", i, l, d.Label(i))
		}
	}
	// XOR cannot be separated: the rule never settles.
	xor, _ := XOR(40, 0, 1)
	q := Perceptron{Weights: []float64{0, 0}, Activation: Step}
	log, err = q.LearnRule(xor, 0.1, 50)
	if err != nil || len(log) != 50 || log[49].Mistakes == 0 {
		t.Errorf("XOR: %d epochs, %v", len(log), err)
	}
	for i, test := range []struct {
		p    Perceptron
		rate float64
		says string
	}{
		{Perceptron{Weights: []float64{0, 0}, Activation: Sigmoid}, 1, "trains step units"},
		{Perceptron{Weights: []float64{0}, Activation: Step}, 1, "1 weight for data with 2 features"},
		{Perceptron{Weights: []float64{0, 0}, Activation: Step}, 0, "learning rate 0"},
	} {
		if _, err := test.p.LearnRule(d, test.rate, 5); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}

func trainedNet(t *testing.T) (*MLP, *Dataset) {
	t.Helper()
	d, err := Circles(200, 0.05, 1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1X2, SinX2}, Hidden: []int{6, 4}, Activation: Tanh, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	m.Hidden[1].B = nil
	if err := m.Inputs.Standardize(d); err != nil {
		t.Fatal(err)
	}
	if _, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.02}, Epochs: 50}); err != nil {
		t.Fatal(err)
	}
	return m, d
}

func TestModelFileRoundTrip(t *testing.T) {
	m, d := trainedNet(t)
	path := filepath.Join(t.TempDir(), "model.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadMLP(path)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.ProbaBatch(d.X())
	got, err := back.ProbaBatch(d.X())
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got, want) {
		t.Error("the loaded network predicts other probabilities than the saved one")
	}
	if back.Hidden[1].B != nil || len(back.Inputs.Crosses) != 2 || back.Inputs.Mean == nil {
		t.Errorf("loaded network lost structure: %+v", back.Inputs)
	}
	// A failed save leaves the good file alone.
	bad := m.Clone()
	bad.Output.B[0] = math.NaN()
	if err := bad.Save(path); err == nil {
		t.Error("saving a network with a NaN: no error")
	}
	if _, err := LoadMLP(path); err != nil {
		t.Errorf("the file after a failed save: %v", err)
	}
}

func TestModelFileErrors(t *testing.T) {
	m, _ := trainedNet(t)
	var buf bytes.Buffer
	if err := m.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for i, test := range []struct {
		content string
		says    string
	}{
		{good[:len(good)/2], "truncated or not JSON"},
		{"", "model file: empty"},
		{"PK\x03\x04 zip", "not JSON: it starts with 'P', not {"},
		{strings.Replace(good, `"version": 1`, `"version": 2`, 1), "version 2, this Percept reads version 1"},
		{strings.Replace(good, `"percept-mlp"`, `"keras"`, 1), `format "keras", want "percept-mlp"`},
		{strings.Replace(good, `"classes": 2`, `"classes": 2, "colour": "red"`, 1), `unknown field "colour"`},
		{strings.Replace(good, `"units": 6`, `"units": 7`, 1), "hidden layer 0: 24 weights for 4 inputs × 7 units"},
		{strings.Replace(good, `"activation": "tanh"`, `"activation": "swish"`, 1), `unknown activation "swish"`},
		{strings.Replace(good, `"classes": 2`, `"classes": 3`, 1), "output layer has 1 units, 3 classes need 3"},
		{strings.Replace(good, `"features": 2`, `"features": 3`, 1), "standardisation has"},
	} {
		_, err := ReadMLP(strings.NewReader(test.content))
		if err == nil || !errors.Is(err, ErrModelFile) && !strings.Contains(err.Error(), "unknown activation") || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
	if _, err := LoadMLP(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestTrainOnce(t *testing.T) {
	d, _ := Moons(100, 0.1, 3)
	path := filepath.Join(t.TempDir(), "models", "moons.json") // the directory is made
	config := TrainConfig{Optimizer: Adam{LearningRate: 0.02}, Epochs: 40, KeepParams: true}
	newNet := func() *MLP {
		m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{8}, Activation: Tanh, Seed: 5})
		return m
	}
	calls := 0
	config.OnEpoch = func(Epoch) bool { calls++; return true }
	first := newNet()
	h1, loaded, err := TrainOnce(path, first, d, config)
	if err != nil || loaded || calls != 40 {
		t.Fatalf("first run: loaded %v, %d epochs, %v", loaded, calls, err)
	}
	second := newNet()
	h2, loaded, err := TrainOnce(path, second, d, config)
	if err != nil || !loaded || calls != 40 {
		t.Fatalf("second run: loaded %v, %d epochs, %v", loaded, calls, err)
	}
	if !mat.Equal(first.Hidden[0].W, second.Hidden[0].W) || h2.Loss[39] != h1.Loss[39] || h2.Stop != "epochs" {
		t.Error("the loaded run differs from the trained one")
	}
	// The kept parameters: 2×8 + 8 + 8×1 + 1 per epoch, the last equal to the network's.
	if len(h2.Params) != 40 || len(h2.Params[39]) != 33 || h2.Params[39][0] != second.Hidden[0].W.At(0, 0) || h2.Params[39][32] != second.Output.B[0] || h2.Params[0][0] == h2.Params[39][0] {
		t.Errorf("kept parameters: %d epochs of %d", len(h2.Params), len(h2.Params[0]))
	}
	// Any change to the training trains again.
	config.Epochs = 41
	if _, loaded, _ := TrainOnce(path, newNet(), d, config); loaded {
		t.Error("more epochs: loaded the old result")
	}
	other, _ := Moons(100, 0.1, 4)
	if _, loaded, _ := TrainOnce(path, newNet(), other, config); loaded {
		t.Error("other data: loaded the old result")
	}
}

func TestGenerators(t *testing.T) {
	type gen func(n int, noise float64, seed uint64) (*Dataset, error)
	spirals3 := func(n int, noise float64, seed uint64) (*Dataset, error) { return Spirals(n, 3, noise, seed) }
	blobs4 := func(n int, noise float64, seed uint64) (*Dataset, error) { return Blobs(n, 4, noise, seed) }
	for name, test := range map[string]struct {
		g       gen
		classes int
		// holds reports whether a noiseless point fits its class.
		holds func(x1, x2 float64, y int) bool
	}{
		"XOR": {XOR, 2, func(x1, x2 float64, y int) bool {
			return (x1*x2 < 0) == (y == 1) && math.Abs(x1) >= 0.1 && math.Abs(x2) >= 0.1
		}},
		"Circles": {Circles, 2, func(x1, x2 float64, y int) bool {
			return scalar.EqualWithinAbs(math.Hypot(x1, x2), 1-0.5*float64(y), 1e-12)
		}},
		"Moons": {Moons, 2, func(x1, x2 float64, y int) bool {
			if y == 0 {
				return scalar.EqualWithinAbs(math.Hypot(x1, x2), 1, 1e-12) && x2 >= 0
			}
			return scalar.EqualWithinAbs(math.Hypot(x1-1, x2-0.5), 1, 1e-12) && x2 <= 0.5
		}},
		"Spirals": {spirals3, 3, func(x1, x2 float64, y int) bool { return math.Hypot(x1, x2) <= 1 }},
		"Blobs": {blobs4, 4, func(x1, x2 float64, y int) bool {
			a := math.Pi / 2 * float64(y)
			return scalar.EqualWithinAbs(x1, 2*math.Cos(a), 1e-12) && scalar.EqualWithinAbs(x2, 2*math.Sin(a), 1e-12)
		}},
	} {
		d, err := test.g(301, 0, 7)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		again, _ := test.g(301, 0, 7)
		noisy, _ := test.g(301, 0.1, 7)
		if d.Len() != 301 || d.Dim() != 2 || d.Classes() != test.classes {
			t.Errorf("%s: %d points, %d features, %d classes", name, d.Len(), d.Dim(), d.Classes())
		}
		counts := make([]int, test.classes)
		run, longest := 0, 0
		for i := range d.Len() {
			x, y := d.Point(i), int(d.Label(i))
			counts[y]++
			if !test.holds(x[0], x[1], y) {
				t.Errorf("%s: point %v with label %d is off its shape", name, x, y)
			}
			if again.Point(i)[0] != x[0] || again.Label(i) != d.Label(i) {
				t.Fatalf("%s: not reproducible", name)
			}
			if i > 0 && d.Label(i) == d.Label(i-1) {
				run++
			} else {
				run = 0
			}
			longest = max(longest, run)
			if noisy.Point(i)[0] == x[0] {
				t.Fatalf("%s: noise 0.1 left point %d unchanged", name, i)
			}
		}
		for k, c := range counts {
			if c < 301/test.classes || c > 301/test.classes+1 {
				t.Errorf("%s: class %d has %d points", name, k, c)
			}
		}
		if longest < 2 {
			t.Errorf("%s: labels alternate strictly; the order should be random", name)
		}
	}
	for i, err := range []error{
		second(XOR(1, 0, 0)), second(Circles(10, -1, 0)), second(Spirals(10, 1, 0, 0)), second(Blobs(3, 4, 0.1, 0)), second(Moons(10, math.NaN(), 0)),
	} {
		if err == nil {
			t.Errorf("%d: bad arguments gave no error", i)
		}
	}
}

func TestSplitAndStandardize(t *testing.T) {
	d, _ := Blobs(100, 3, 0.5, 1)
	train, test, err := d.Split(0.8, 9)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 80 || test.Len() != 20 || train.Classes() != 3 || test.Classes() != 3 {
		t.Errorf("split into %d (%d classes) and %d (%d classes)", train.Len(), train.Classes(), test.Len(), test.Classes())
	}
	seen := map[[2]float64]bool{}
	for _, s := range []*Dataset{train, test} {
		for i := range s.Len() {
			seen[[2]float64{s.Point(i)[0], s.Point(i)[1]}] = true
		}
	}
	if len(seen) != 100 {
		t.Errorf("train and test together hold %d distinct points, want 100", len(seen))
	}
	if _, _, err := d.Split(1, 0); err == nil {
		t.Error("Split(1): no error")
	}

	m, _ := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1Squared}})
	if err := m.Inputs.Standardize(train); err != nil {
		t.Fatal(err)
	}
	// Every network input now has mean 0 and standard deviation 1 over the training data.
	v := make([]float64, 3)
	var sum, sq [3]float64
	for i := range train.Len() {
		m.Inputs.transform(v, train.Point(i))
		for j, x := range v {
			sum[j] += x
			sq[j] += x * x
		}
	}
	for j := range 3 {
		mean, sd := sum[j]/80, math.Sqrt(sq[j]/80-sum[j]*sum[j]/6400)
		if !scalar.EqualWithinAbs(mean, 0, 1e-12) || !scalar.EqualWithinAbs(sd, 1, 1e-12) {
			t.Errorf("input %d: mean %v, standard deviation %v", j, mean, sd)
		}
	}
}

func TestMetrics(t *testing.T) {
	met := must(Confusion([]int{0, 0, 1, 1, 1, 2}, []float64{0, 1, 1, 1, 0, 0}, 3))
	want := [][]int{{1, 1, 1}, {1, 2, 0}, {0, 0, 0}}
	for t2 := range want {
		for p := range want[t2] {
			if met.Confusion[t2][p] != want[t2][p] {
				t.Fatalf("confusion %v, want %v", met.Confusion, want)
			}
		}
	}
	if met.Accuracy != 0.5 || met.Precision[1] != 2.0/3 || met.Recall[1] != 2.0/3 || met.Recall[0] != 1.0/3 || met.Precision[0] != 0.5 {
		t.Errorf("metrics %+v", met)
	}
	if !math.IsNaN(met.Recall[2]) || met.Precision[2] != 0 || !math.IsNaN(met.F1[2]) {
		t.Errorf("class 2 (never true): precision %v, recall %v, F1 %v", met.Precision[2], met.Recall[2], met.F1[2])
	}
	if !scalar.EqualWithinRel(met.F1[0], 2*0.5*(1.0/3)/(0.5+1.0/3), 1e-15) {
		t.Errorf("F1 of class 0: %v", met.F1[0])
	}

	m, d := trainedNet(t)
	e, err := Evaluate(m, d)
	if err != nil {
		t.Fatal(err)
	}
	labels, _ := m.PredictBatch(nil, d.X())
	if c := must(Confusion(labels, d.Labels(), 2)); c.Accuracy != e.Accuracy || e.Accuracy < 0.9 {
		t.Errorf("Evaluate accuracy %v, from PredictBatch %v", e.Accuracy, c.Accuracy)
	}
	var sum float64
	for i := range d.Len() {
		p, _ := m.Forward(d.Point(i))
		sum += CrossEntropy(d.Label(i), p)
	}
	if !scalar.EqualWithinRel(e.LogLoss, sum/float64(d.Len()), 1e-9) {
		t.Errorf("log-loss %v, from probabilities %v", e.LogLoss, sum/float64(d.Len()))
	}
	if !strings.Contains(e.String(), "accuracy") || !strings.Contains(e.String(), "precision") {
		t.Errorf("report:\n%s", e)
	}
	// Classes out of range are errors, naming the point, not panics.
	for i, c := range []struct {
		predicted []int
		labels    []float64
		want      string
	}{
		{[]int{0, 1}, []float64{0, 2}, "point 1: label 2 is not one of the 2 classes (0 to 1)"},
		{[]int{0, 1}, []float64{-1, 1}, "point 0: label -1"},
		{[]int{0, 1}, []float64{0.5, 1}, "point 0: label 0.5"},
		{[]int{0, 1}, []float64{math.NaN(), 1}, "point 0: label NaN"},
		{[]int{0, 3}, []float64{0, 1}, "point 1 is predicted as class 3, not a class below 2"},
		{[]int{-1, 0}, []float64{0, 1}, "point 0 is predicted as class -1"},
	} {
		if _, err := Confusion(c.predicted, c.labels, 2); !errors.Is(err, ErrLabel) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%d: Confusion(%v, %v): %v, want ErrLabel and %q", i, c.predicted, c.labels, err, c.want)
		}
	}
	if !panics(func() { Confusion([]int{0}, []float64{0, 1}, 2) }) {
		t.Error("Confusion with 1 prediction for 2 labels did not panic")
	}
}

func TestPerceptronFile(t *testing.T) {
	d, _ := Separable(50, 2)
	p := Perceptron{Weights: []float64{0.3, -1}, Bias: 0.2, Activation: Step}
	if _, err := p.LearnRule(d, 0.1, 20); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "p.json")
	if err := p.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadPerceptron(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Bias != p.Bias || back.Weights[0] != p.Weights[0] || back.Weights[1] != p.Weights[1] || back.Activation != Step {
		t.Errorf("loaded %+v, saved %+v", back, p)
	}
	for i, content := range []string{
		`{"format": "percept-perceptron", "version": 1, "weights": [1,`,
		`{"format": "percept-perceptron", "version": 3, "weights": [1], "bias": 0, "activation": "step"}`,
		`{"format": "percept-perceptron", "version": 1, "weights": [], "bias": 0, "activation": "step"}`,
		`{"format": "percept-perceptron", "version": 1, "weights": [1], "bias": 0, "activation": "none"}`,
		`{"format": "percept-mlp", "version": 1}`,
	} {
		bad := filepath.Join(dir, "bad.json")
		os.WriteFile(bad, []byte(content), 0o644)
		if _, err := LoadPerceptron(bad); err == nil {
			t.Errorf("%d: no error for %s", i, content)
		}
	}
	if _, err := LoadMLP(path); !errors.Is(err, ErrModelFile) || !strings.Contains(err.Error(), `format "percept-perceptron", want "percept-mlp"`) {
		t.Errorf("a perceptron file read as a network: %v", err)
	}
}

func TestConfidentMistakes(t *testing.T) {
	d := MustNewDataset([][]float64{{-2}, {-1}, {1}, {2}, {3}}, []float64{0, 1, 0, 0, 1})
	m := Logistic([]float64{1}, 0) // label 1 for x > 0
	got, err := ConfidentMistakes(m, d, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Wrong: x = 2 (said 1, σ(2)), x = 1 (said 1, σ(1)), x = −1 (said 0, 1 − σ(−1) = σ(1)).
	if len(got) != 3 || got[0].Index != 3 || got[0].Predicted != 1 || got[0].Label != 0 || got[0].Confidence != Sigmoid.Apply(2) {
		t.Fatalf("mistakes %+v", got)
	}
	if got[1].Confidence < got[2].Confidence || (got[1].Index != 2 && got[1].Index != 1) {
		t.Errorf("not sorted by confidence: %+v", got)
	}
	if one, _ := ConfidentMistakes(m, d, 1); len(one) != 1 || one[0].Index != 3 {
		t.Errorf("k = 1: %+v", one)
	}

	// Ten classes: every mistake is a point PredictBatch gets wrong, with ProbaBatch's
	// probability of its choice, to the bit.
	blobs, _ := Blobs(400, 10, 1.5, 1)
	net, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{6}, Activation: Tanh, Classes: 10, Seed: 1})
	Train(net, blobs, TrainConfig{Optimizer: Adam{LearningRate: 0.05}, Epochs: 3})
	pred, _ := net.PredictBatch(nil, blobs.X())
	p, _ := net.ProbaBatch(blobs.X())
	all, err := ConfidentMistakes(net, blobs, blobs.Len())
	wrong := 0
	for i, c := range pred {
		if c != int(blobs.Label(i)) {
			wrong++
		}
	}
	if err != nil || len(all) != wrong || wrong == 0 {
		t.Fatalf("ten classes: %d mistakes, %v; PredictBatch gets %d wrong", len(all), err, wrong)
	}
	for _, w := range all {
		if w.Predicted != pred[w.Index] || w.Label != int(blobs.Label(w.Index)) || w.Confidence != p.At(w.Index, w.Predicted) {
			t.Errorf("ten classes: %+v; PredictBatch says %d, ProbaBatch %v", w, pred[w.Index], p.At(w.Index, w.Predicted))
		}
	}
}
