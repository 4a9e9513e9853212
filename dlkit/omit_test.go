package dlkit

import (
	"bytes"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// Inputs.Omit leaves raw features out of a network's inputs, as TensorFlow Playground's
// feature switches do: the inputs are the kept features, in order, then the crosses.
func TestInputsOmit(t *testing.T) {
	x := []float64{2, -3, 5}
	for i, test := range []struct {
		in   Inputs
		want []float64
	}{
		{Inputs{Features: 3}, []float64{2, -3, 5}},
		{Inputs{Features: 3, Omit: []int{1}}, []float64{2, 5}},
		{Inputs{Features: 3, Omit: []int{0, 2}}, []float64{-3}},
		{Inputs{Features: 2, Crosses: []Cross{X1Squared, SinX2}, Omit: []int{0, 1}}, []float64{4, math.Sin(-3)}},
		{Inputs{Features: 3, Crosses: []Cross{X1X2}, Omit: []int{0}}, []float64{-3, 5, -6}},
		{Inputs{Features: 2, Crosses: []Cross{X2Squared}, Omit: []int{1}, Mean: []float64{1, 9}, Scale: []float64{2, 3}}, []float64{0.5, 0}},
	} {
		if w := test.in.Width(); w != len(test.want) {
			t.Errorf("%d: Width %d, want %d", i, w, len(test.want))
		}
		got := make([]float64, len(test.want))
		test.in.transform(got, x[:test.in.Features])
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("%d: inputs %v, want %v", i, got, test.want)
		}
	}
	for i, test := range []struct {
		in   Inputs
		says string
	}{
		{Inputs{Features: 2, Omit: []int{2}}, "want indices of the 2 raw features in increasing order"},
		{Inputs{Features: 2, Omit: []int{-1}}, "in increasing order"},
		{Inputs{Features: 3, Omit: []int{1, 0}}, "Omit [1 0]"},
		{Inputs{Features: 3, Omit: []int{1, 1}}, "in increasing order"},
		{Inputs{Features: 2, Omit: []int{0, 1}}, "leaves the network no inputs"},
	} {
		if err := test.in.checkOmit(); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
	names := []string{(&Inputs{}).OmittedNames(), (&Inputs{Omit: []int{1}}).OmittedNames(), (&Inputs{Omit: []int{0, 1, 3}}).OmittedNames()}
	if want := []string{"", "x2", "x1, x2 and x4"}; !reflect.DeepEqual(names, want) {
		t.Errorf("OmittedNames: %q, want %q", names, want)
	}
}

// A network that sees only x1² and x2² learns the circles with one unit: its boundary is a
// circle. It trains, its gradients are right, and it survives the model file and ONNX.
func TestOmitNetwork(t *testing.T) {
	if _, err := NewMLP(MLPConfig{Features: 2, Omit: []int{0, 1}}); err == nil || !strings.Contains(err.Error(), "no inputs") {
		t.Errorf("a network with no inputs: error %v", err)
	}
	d, err := Circles(200, 0.05, 3)
	if err != nil {
		t.Fatal(err)
	}
	m, err := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1Squared, X2Squared}, Omit: []int{0, 1}, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := m.Output.W.Dims(); r != 2 {
		t.Fatalf("the output layer takes %d inputs, want 2 (x1², x2²)", r)
	}
	if err := m.Inputs.Standardize(d); err != nil {
		t.Fatal(err)
	}
	if _, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.1}, Epochs: 100}); err != nil {
		t.Fatal(err)
	}
	met, err := Evaluate(m, d)
	if err != nil {
		t.Fatal(err)
	}
	if met.Accuracy < 0.99 {
		t.Errorf("one unit on x1², x2²: accuracy %v on the circles, want ≥ 0.99", met.Accuracy)
	}

	// A hidden layer over kept and omitted features (TestGradientsFiniteDifference checks its
	// gradients).
	h, _ := NewMLP(MLPConfig{Features: 3, Crosses: []Cross{X1X2, SinX1}, Omit: []int{0}, Hidden: []int{3}, Activation: Tanh, Seed: 2})
	if got := h.Shape(); !reflect.DeepEqual(got, []int{4, 3, 1}) {
		t.Errorf("Shape %v, want [4 3 1] (x2, x3, x1·x2, sin x1; 3 hidden; 1 logit)", got)
	}

	path := filepath.Join(t.TempDir(), "circle.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadMLP(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Inputs, m.Inputs) {
		t.Errorf("model file: inputs read back as %+v, want %+v", back.Inputs, m.Inputs)
	}
	for _, net := range []*MLP{m, h} {
		for _, f64 := range []bool{true, false} {
			var buf bytes.Buffer
			if err := net.WriteONNX(&buf, ONNXOptions{Float64: f64}); err != nil {
				t.Fatal(err)
			}
			got, err := ReadONNX(&buf)
			if err != nil {
				t.Fatalf("ONNX, float64 %v: %v", f64, err)
			}
			want := net
			if !f64 {
				want = roundedToFloat32(net)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ONNX, float64 %v: read back\n%+v\nwant\n%+v", f64, got, want)
			}
		}
	}
	c := h.Clone()
	c.Inputs.Omit[0] = 5
	if h.Inputs.Omit[0] != 0 {
		t.Error("changing a clone's Omit changed the original")
	}
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "Omit [5]") {
		t.Errorf("Check of a network omitting feature 5 of 3: %v", err)
	}
}
