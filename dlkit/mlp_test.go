package dlkit

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// lossAndGrads returns the mean cross-entropy of m on the points x (raw, one per row) with
// labels y, and its gradients, flattened layer by layer: weights then biases.
func lossAndGrads(m *MLP, x *mat.Dense, y []float64) (float64, [][]float64) {
	var f forward
	f.run(m, x)
	var dz mat.Dense
	loss, _ := f.outputGrad(&dz, y, 0)
	layers := len(m.Hidden) + 1
	g := gradients{w: make([]mat.Dense, layers), b: make([][]float64, layers)}
	for l := range layers {
		if b := m.layer(l).B; b != nil {
			g.b[l] = make([]float64, len(b))
		}
	}
	f.backward(m, f.inputs, &dz, &g, make([]mat.Dense, len(m.Hidden)), new([]float64))
	var out [][]float64
	for l := range layers {
		out = append(out, g.w[l].RawMatrix().Data)
		if g.b[l] != nil {
			out = append(out, g.b[l])
		}
	}
	n, _ := x.Dims()
	return loss / float64(n), out
}

// params lists a network's parameters in the order lossAndGrads lists gradients.
func params(m *MLP) [][]float64 {
	var out [][]float64
	for l := range len(m.Hidden) + 1 {
		out = append(out, m.layer(l).W.RawMatrix().Data)
		if b := m.layer(l).B; b != nil {
			out = append(out, b)
		}
	}
	return out
}

func randomData(rng *rand.Rand, n, k, classes int) (*mat.Dense, []float64) {
	x := mat.NewDense(n, k, nil)
	y := make([]float64, n)
	for i := range n {
		for j := range k {
			x.Set(i, j, 1.5*rng.NormFloat64())
		}
		y[i] = float64(rng.IntN(classes))
	}
	return x, y
}

func TestGradientsFiniteDifference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for i, c := range []MLPConfig{
		{Features: 2, Classes: 2},
		{Features: 2, Hidden: []int{4}, Activation: Sigmoid},
		{Features: 3, Hidden: []int{5, 3}, Activation: Tanh, Classes: 3},
		{Features: 2, Hidden: []int{6, 6}, Activation: ReLU, Init: He},
		{Features: 2, Hidden: []int{3, 4}, Activation: Linear, Classes: 3},
		{Features: 2, Crosses: []Cross{X1Squared, X2Squared, X1X2, SinX1, SinX2}, Hidden: []int{3}, Activation: Tanh, Classes: 4},
		{Features: 3, Crosses: []Cross{X1X2, SinX1}, Omit: []int{0}, Hidden: []int{3}, Activation: Tanh},
	} {
		c.Seed = uint64(i)
		m, err := NewMLP(c)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			m.Hidden[0].B = nil // a layer without biases
		}
		x, y := randomData(rng, 7, c.Features, m.Classes)
		if len(c.Crosses) > 0 {
			d, _ := NewDataset(rows(x), y)
			if err := m.Inputs.Standardize(d); err != nil {
				t.Fatal(err)
			}
		}
		_, grads := lossAndGrads(m, x, y)
		for pi, p := range params(m) {
			for j := range p {
				// Central difference, relative step: error O(h²) ≈ 1e-10 here.
				old := p[j]
				h := 1e-5 * math.Max(1, math.Abs(old))
				p[j] = old + h
				up, _ := lossAndGrads(m, x, y)
				p[j] = old - h
				down, _ := lossAndGrads(m, x, y)
				p[j] = old
				fd := (up - down) / (2 * h)
				if got := grads[pi][j]; !scalar.EqualWithinAbsOrRel(got, fd, 1e-8, 1e-6) {
					t.Errorf("net %d, parameter %d[%d]: gradient %v, central difference %v", i, pi, j, got, fd)
				}
			}
		}
	}
}

func rows(x *mat.Dense) [][]float64 {
	n, _ := x.Dims()
	out := make([][]float64, n)
	for i := range out {
		out[i] = x.RawRowView(i)
	}
	return out
}

// The fixture is written by scripts/make-torch-fixture.py with PyTorch in float64.
func TestGradientsMatchPyTorch(t *testing.T) {
	b, err := os.ReadFile("testdata/torch_mlp.json")
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Cases []struct {
			Features   int
			Hidden     []int
			Activation Activation
			Classes    int
			X          [][]float64
			Y          []float64
			Loss       float64
			Layers     []struct {
				W, B  []float64
				GradW []float64 `json:"grad_w"`
				GradB []float64 `json:"grad_b"`
			}
		}
	}
	if err := json.Unmarshal(b, &fixture); err != nil {
		t.Fatal(err)
	}
	if len(fixture.Cases) < 8 {
		t.Fatalf("%d cases in the fixture", len(fixture.Cases))
	}
	const tol = 1e-6 // relative, as the issue asks; the agreement is in fact ~1e-15
	for i, c := range fixture.Cases {
		m := &MLP{Inputs: Inputs{Features: c.Features}, Classes: c.Classes}
		in := c.Features
		for l, fl := range c.Layers {
			out := len(fl.W) / in
			layer := Layer{W: mat.NewDense(in, out, fl.W), B: fl.B, Activation: c.Activation}
			if l < len(c.Hidden) {
				m.Hidden = append(m.Hidden, layer)
			} else {
				layer.Activation = 0
				m.Output = layer
			}
			in = out
		}
		if err := m.Check(); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		x := mat.NewDense(len(c.X), c.Features, nil)
		for r, row := range c.X {
			x.SetRow(r, row)
		}
		loss, grads := lossAndGrads(m, x, c.Y)
		if !scalar.EqualWithinRel(loss, c.Loss, tol) {
			t.Errorf("case %d: loss %v, PyTorch %v", i, loss, c.Loss)
		}
		var want [][]float64
		for _, fl := range c.Layers {
			want = append(want, fl.GradW)
			if fl.GradB != nil {
				want = append(want, fl.GradB)
			}
		}
		if len(grads) != len(want) {
			t.Fatalf("case %d: %d gradient slices, PyTorch %d", i, len(grads), len(want))
		}
		for p := range want {
			for j := range want[p] {
				if !scalar.EqualWithinAbsOrRel(grads[p][j], want[p][j], 1e-12, tol) {
					t.Errorf("case %d, parameter %d[%d]: %v, PyTorch %v", i, p, j, grads[p][j], want[p][j])
				}
			}
		}
	}
}

func TestLogisticIsTheSigmoidPerceptron(t *testing.T) {
	d, _ := Separable(50, 2)
	w, b := []float64{0.7, -1.1}, 0.3
	m := Logistic(w, b)
	p := Perceptron{Weights: w, Bias: b, Activation: Sigmoid}
	batch, err := m.ProbaBatch(d.X())
	if err != nil {
		t.Fatal(err)
	}
	labels, err := m.PredictBatch(nil, d.X())
	if err != nil {
		t.Fatal(err)
	}
	for i := range d.Len() {
		want, _ := p.Forward(d.Point(i))
		got, err := m.Forward(d.Point(i))
		if err != nil || !scalar.EqualWithinRel(got, want, 1e-15) || batch.At(i, 1) != got {
			t.Errorf("point %d: MLP %v (batch %v), perceptron %v", i, got, batch.At(i, 1), want)
		}
		wantLabel, _ := p.Predict(d.Point(i))
		gotLabel, _ := m.Predict(d.Point(i))
		if gotLabel != wantLabel || labels[i] != wantLabel {
			t.Errorf("point %d: MLP label %d (batch %d), perceptron %d", i, gotLabel, labels[i], wantLabel)
		}
	}
}

// One point at a time and a whole batch give the same bits.
func TestBatchMatchesSingle(t *testing.T) {
	m, err := NewMLP(MLPConfig{Features: 2, Hidden: []int{16, 8}, Activation: Tanh, Classes: 3, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := randomData(rand.New(rand.NewPCG(1, 1)), 300, 2, 3)
	batch, err := m.ProbaBatch(x)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		p, err := m.Proba(nil, x.RawRowView(i))
		if err != nil {
			t.Fatal(err)
		}
		for k := range p {
			if p[k] != batch.At(i, k) {
				t.Fatalf("point %d, class %d: single %v, batch %v", i, k, p[k], batch.At(i, k))
			}
		}
		if s := p[0] + p[1] + p[2]; !scalar.EqualWithinAbs(s, 1, 1e-15) {
			t.Errorf("point %d: probabilities sum to %v", i, s)
		}
	}
}

func TestMLPErrors(t *testing.T) {
	for i, test := range []struct {
		c    MLPConfig
		says string
	}{
		{MLPConfig{}, "at least one input feature"},
		{MLPConfig{Features: 1, Crosses: []Cross{X1X2}}, "feature crosses need 2 features"},
		{MLPConfig{Features: 2, Crosses: []Cross{9}}, "undefined feature cross 9"},
		{MLPConfig{Features: 2, Hidden: []int{3, 0}, Activation: Tanh}, "hidden layer 1 has width 0"},
		{MLPConfig{Features: 2, Hidden: []int{3}, Activation: Step}, "step cannot be trained"},
		{MLPConfig{Features: 2, Hidden: []int{3}}, "Activation(0) cannot be trained"},
		{MLPConfig{Features: 2, Classes: 1}, "1 classes: want at least 2"},
		{MLPConfig{Features: 2, Init: 7}, "undefined Init 7"},
	} {
		if _, err := NewMLP(test.c); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}

	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{3}, Activation: Tanh, Classes: 3})
	for i, test := range []struct {
		err  error
		is   error
		says string
	}{
		{second(m.Proba(nil, []float64{1})), ErrShape, "takes 2 features, the point has 1"},
		{second(m.Predict([]float64{1, math.NaN()})), ErrNotFinite, "x[1] is NaN"},
		{second(m.Forward([]float64{1, 2})), nil, "this one has 3 classes, use Proba"},
		{second(m.ProbaBatch(mat.NewDense(2, 3, nil))), ErrShape, "the points have 3"},
		{second(m.PredictBatch(nil, mat.NewDense(2, 2, []float64{1, 2, math.Inf(1), 0}))), ErrNotFinite, "row 1, column 0"},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.says) || (test.is != nil && !errors.Is(test.err, test.is)) {
			t.Errorf("%d: error %v, want one saying %q", i, test.err, test.says)
		}
	}

	// Malformed networks are caught before use.
	for i, breakIt := range []func(m *MLP){
		func(m *MLP) { m.Hidden[0].B = []float64{1} },
		func(m *MLP) { m.Output.W = mat.NewDense(4, 3, nil) },
		func(m *MLP) { m.Output.W = mat.NewDense(3, 2, nil) },
		func(m *MLP) { m.Hidden[0].W.Set(0, 0, math.NaN()) },
		func(m *MLP) { m.Hidden[0].Activation = Step },
		func(m *MLP) { m.Classes = 1 },
		func(m *MLP) { m.Inputs.Mean = []float64{0} },
		func(m *MLP) { m.Inputs.Mean, m.Inputs.Scale = []float64{0, 0}, []float64{1, 0} },
		func(m *MLP) { m.Output.W = nil },
	} {
		broken := m.Clone()
		breakIt(broken)
		if _, err := broken.Proba(nil, []float64{1, 2}); err == nil {
			t.Errorf("%d: a malformed network gave no error", i)
		}
	}
}

func TestClone(t *testing.T) {
	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{3}, Activation: Tanh})
	if n := m.NumParams(); n != 2*3+3+3*1+1 {
		t.Errorf("NumParams = %d, want 13", n)
	}
	c := m.Clone()
	c.Hidden[0].W.Set(0, 0, 42)
	c.Output.B[0] = 7
	if m.Hidden[0].W.At(0, 0) == 42 || m.Output.B[0] == 7 {
		t.Error("changing a clone changed the original")
	}
}
