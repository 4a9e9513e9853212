package dlkit

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestModelFileSizes checks that declared sizes are checked against the limits before
// anything of that size is allocated, and that their products cannot wrap around.
func TestModelFileSizes(t *testing.T) {
	const head = `{"format":"percept-mlp","version":1,`
	for i, test := range []struct {
		content string
		is      error
		says    string
	}{
		// 2³² inputs × 2³² units wraps around to 0 weights in int64.
		{head + `"classes":4294967296,"inputs":{"features":4294967296},"hidden":[{"inputs":4294967296,"units":4294967296,"activation":"tanh","weights":[],"bias":null}],"output":{"inputs":4294967296,"units":4294967296,"weights":[],"bias":null}}`,
			ErrLimit, "hidden layer 0's inputs × units", // before the matrix is made
		},
		{head + `"classes":2,"inputs":{"features":2},"hidden":[],"output":{"inputs":2,"units":9223372036854775807,"weights":[],"bias":null}}`,
			ErrLimit, "beyond the limit of 67108864 (dlkit.MaxParams)",
		},
		{head + `"classes":100000,"inputs":{"features":1},"hidden":[],"output":{"inputs":1,"units":100000,"weights":[` + strings.Repeat("0,", 99999) + `0],"bias":null}}`,
			ErrLimit, "100000 classes, beyond the limit of 1000 (dlkit.MaxClasses)",
		},
		{head + `"classes":2,"inputs":{"features":70000},"hidden":[],"output":{"inputs":70000,"units":1,"weights":[` + strings.Repeat("0,", 69999) + `0],"bias":null}}`,
			ErrLimit, "70000 features, beyond the limit of 65536",
		},
		{head + `"classes":2,"inputs":{"features":1},"hidden":[` + strings.Repeat(`{"inputs":1,"units":1,"activation":"relu","weights":[1],"bias":null},`, MaxLayers) + `{"inputs":1,"units":1,"activation":"relu","weights":[1],"bias":null}],"output":{"inputs":1,"units":1,"weights":[1],"bias":null}}`,
			ErrLimit, "1025 hidden layers, beyond the limit of 1024",
		},
		{head + `"classes":2,"inputs":{"features":1},"hidden":[{"inputs":-1,"units":1,"activation":"relu","weights":[],"bias":null}],"output":{"inputs":1,"units":1,"weights":[1],"bias":null}}`,
			ErrModelFile, "hidden layer 0 has -1 inputs and 1 units",
		},
		{head + `"classes":2,"inputs":{"features":2,"crosses":["x1^2","x1^2"]},"hidden":[],"output":{"inputs":4,"units":1,"weights":[1,1,1,1],"bias":null}}`,
			ErrModelFile, "feature cross x1^2 is there twice",
		},
		{head + `"classes":2,"inputs":{"features":1},"hidden":[],"output":{"inputs":1,"units":1,"weights":[1],"bias":null},"training":{"fingerprint":"f","loss":[1,2],"accuracy":[1],"stop":"epochs"}}`,
			ErrModelFile, "2 losses, 1 accuracies and 0 parameter sets",
		},
		{head + `"classes":2,"inputs":{"features":1},"hidden":[],"output":{"inputs":1,"units":1,"weights":[1],"bias":null},"training":{"fingerprint":"f","loss":[1],"accuracy":[1],"params":[[1,2,3]],"stop":"epochs"}}`,
			ErrModelFile, "3 parameters after epoch 1, the network has 1",
		},
	} {
		_, err := ReadMLP(strings.NewReader(test.content))
		if strconv.IntSize < 64 && err != nil && strings.Contains(err.Error(), "cannot unmarshal number") {
			continue // a size an int cannot hold here
		}
		if err == nil || !errors.Is(err, test.is) || !errors.Is(err, ErrModelFile) || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %.300v, want one saying %q", i, err, test.says)
		}
	}
}

// TestModelFileHidden checks that a network without hidden layers is saved with
// "hidden": [], as docs/model-format.md says, and that null (what older files have) reads too.
func TestModelFileHidden(t *testing.T) {
	var buf bytes.Buffer
	if err := Logistic([]float64{1, 2}, 0.5).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"hidden": [],`) {
		t.Errorf("a network without hidden layers is saved as\n%s", buf.String())
	}
	old := strings.Replace(buf.String(), `"hidden": []`, `"hidden": null`, 1)
	if m, err := ReadMLP(strings.NewReader(old)); err != nil || len(m.Hidden) != 0 {
		t.Errorf(`"hidden": null: %v`, err)
	}
}

func TestReadPerceptron(t *testing.T) {
	for i, test := range []struct {
		content string
		says    string // "" for none
	}{
		{`{"format": "percept-perceptron", "version": 1, "weights": [2, 3], "bias": 0.1, "activation": "step"}`, ""},
		{`{"format": "percept-perceptron", "version": 1, "weights": [], "bias": 0.1, "activation": "step"}`, "no weights"},
		{`{"format": "percept-perceptron", "version": 1, "weights": [1], "bias": 0.1}`, "activation is Activation(0)"},
		{`{"format": "percept-perceptron", "version": 1, "weights": [` + strings.Repeat("1,", MaxFeatures) + `1], "bias": 0, "activation": "step"}`, "65537 weights, beyond the limit of 65536"},
		{`{"format": "percept-mlp", "version": 1}`, `format "percept-mlp", want "percept-perceptron"`},
		{`{"format": "percept-perceptron", "version": 1, "weights": [1e999], "bias": 0, "activation": "step"}`, "cannot unmarshal"},
	} {
		p, err := ReadPerceptron(strings.NewReader(test.content))
		switch {
		case test.says == "" && (err != nil || len(p.Weights) != 2):
			t.Errorf("%d: %v, %v", i, p, err)
		case test.says != "" && (err == nil || !errors.Is(err, ErrModelFile) || !strings.Contains(err.Error(), test.says)):
			t.Errorf("%d: error %.200v, want one saying %q", i, err, test.says)
		}
	}
}

func TestNewMLPLimits(t *testing.T) {
	for i, test := range []struct {
		c    MLPConfig
		says string
	}{
		{MLPConfig{Features: 2, Hidden: []int{100000, 100000}, Activation: Tanh}, "200000 units in the network's layers (to hidden layer 1), beyond the limit of 131072 (dlkit.MaxUnits)"},
		{MLPConfig{Features: 2, Hidden: []int{30000, 30000}, Activation: Tanh}, "30001 × 30000 = 900030000 weights and biases in hidden layer 1, beyond the limit of 67108864 (dlkit.MaxParams)"},
		{MLPConfig{Features: 2, Hidden: []int{math.MaxInt}, Activation: Tanh}, strconv.Itoa(math.MaxInt) + " units in hidden layer 0"},
		{MLPConfig{Features: 2, Hidden: make([]int, MaxLayers+1), Activation: Tanh}, "1025 hidden layers, beyond the limit of 1024"},
		{MLPConfig{Features: 2, Classes: 100000}, "100000 classes, beyond the limit of 1000"},
		{MLPConfig{Features: 1 << 20}, "1048576 features, beyond the limit of 65536"},
		{MLPConfig{Features: 2, Crosses: []Cross{X1X2, X1X2}}, "feature cross x1*x2 is there twice"},
	} {
		if _, err := NewMLP(test.c); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}
