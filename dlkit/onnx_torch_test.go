package dlkit

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// torchONNX is testdata/onnx/torch.json, written by scripts/make-onnx-fixtures.py: for each
// ONNX file torch.onnx.export wrote, inputs and the probabilities PyTorch computed from them,
// in the exported precision and in float64.
type torchONNX struct {
	Torch string `json:"torch"`
	Cases []struct {
		File          string      `json:"file"`
		Kind          string      `json:"kind"`
		Opset         int         `json:"opset"`
		Dtype         string      `json:"dtype"`
		X             [][]float64 `json:"x"`
		ProbaExported [][]float64 `json:"proba_exported"`
		ProbaFloat64  [][]float64 `json:"proba_float64"`
		Accuracy      float64     `json:"accuracy"`
	} `json:"cases"`
}

func loadTorchONNX(t testing.TB) torchONNX {
	t.Helper()
	b, err := os.ReadFile("testdata/onnx/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var f torchONNX
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) < 10 {
		t.Fatalf("testdata/onnx/torch.json has %d cases", len(f.Cases))
	}
	return f
}

// absOrRelErr returns the smaller of |got − want| and the same relative to |want|: what
// scalar.EqualWithinAbsOrRel(got, want, tol, tol) bounds by tol. (For probabilities, the
// absolute error.)
func absOrRelErr(got, want float64) float64 {
	d := math.Abs(got - want)
	if a := math.Abs(want); a > 1 {
		return d / a
	}
	return d
}

// TestReadONNXTorch reads every model PyTorch exported and checks that Percept predicts what
// PyTorch did: to 1e-12 against PyTorch in float64 (the same weights, converted exactly), and
// to 1e-6 against the float32 outputs PyTorch computed as exported, which differ from exact
// by float32's rounding (about 6e-8 per operation).
func TestReadONNXTorch(t *testing.T) {
	const tol64, tol32 = 1e-12, 1e-6
	f := loadTorchONNX(t)
	for i, c := range f.Cases {
		m, err := LoadONNX(filepath.Join("testdata/onnx", c.File))
		if err != nil {
			t.Errorf("case %d (%s): %v", i, c.File, err)
			continue
		}
		x := mat.NewDense(len(c.X), len(c.X[0]), nil)
		for r, row := range c.X {
			x.SetRow(r, row)
		}
		p, err := m.ProbaBatch(x)
		if err != nil {
			t.Errorf("case %d (%s): %v", i, c.File, err)
			continue
		}
		var worst64, worst32 float64
		for r := range c.X {
			if len(c.ProbaFloat64[r]) != m.Classes {
				t.Fatalf("case %d (%s): PyTorch has %d classes, the model read %d", i, c.File, len(c.ProbaFloat64[r]), m.Classes)
			}
			for k := range m.Classes {
				worst64 = math.Max(worst64, absOrRelErr(p.At(r, k), c.ProbaFloat64[r][k]))
				worst32 = math.Max(worst32, absOrRelErr(p.At(r, k), c.ProbaExported[r][k]))
			}
		}
		tol := tol32
		if c.Dtype == "float64" {
			tol = tol64
		}
		if worst64 > tol64 || worst32 > tol {
			t.Errorf("case %d (%s): probabilities differ from PyTorch's by %.3g (float64) and %.3g (as exported, %s); want below %g and %g",
				i, c.File, worst64, worst32, c.Dtype, tol64, tol)
		}
		t.Logf("%-38s %-10s opset %2d: %d classes, largest difference %.2g from PyTorch float64, %.2g from PyTorch %s",
			c.File, c.Kind, c.Opset, m.Classes, worst64, worst32, c.Dtype)
	}
}

// TestReadONNXTorchUnmapped checks that a PyTorch model with a layer Percept cannot map is an
// error naming that node.
func TestReadONNXTorchUnmapped(t *testing.T) {
	_, err := LoadONNX("testdata/onnx/torch-leakyrelu.onnx")
	var ne *ONNXNodeError
	if !errors.As(err, &ne) || ne.Index != 1 || ne.OpType != "LeakyRelu" || ne.Name != "/1/LeakyRelu" || !errors.Is(err, ErrModelFile) {
		t.Fatalf("error %v, want an ONNXNodeError for node 1 (LeakyRelu \"/1/LeakyRelu\") wrapping ErrModelFile", err)
	}
	want := `testdata/onnx/torch-leakyrelu.onnx: dlkit: onnx: node 1 (LeakyRelu "/1/LeakyRelu"): LeakyRelu is not an operator Percept maps onto an MLP; it maps ` + onnxOps
	if err.Error() != want {
		t.Errorf("error\n%s\nwant\n%s", err, want)
	}
}
