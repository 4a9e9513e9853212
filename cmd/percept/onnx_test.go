package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/gonum/mat"
)

// TestExportImport trains a small network, exports it as ONNX (float64 and float32), imports
// it back, and checks that the imported model predicts as the original: bit for bit from
// float64, and as the original with its parameters rounded to float32 from float32.
func TestExportImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "moons.csv")
	model := filepath.Join(dir, "m.json")
	if code, _, errOut := runCLI("generate", "-kind", "moons", "-n", "200", "-noise", "0.2", "-o", data); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := runCLI("train", "-data", data, "-hidden", "6,5", "-act", "relu", "-cross", "x1*x2,sin(x2)", "-epochs", "20", "-o", model); code != 0 {
		t.Fatal(errOut)
	}
	m, err := dlkit.LoadMLP(model)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dlkit.LoadCSV(data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := m.ProbaBatch(d.X())
	if err != nil {
		t.Fatal(err)
	}
	for _, f64 := range []bool{true, false} {
		onnx, back := filepath.Join(dir, "m.onnx"), filepath.Join(dir, "back.json")
		args := []string{"export", "-model", model, "-o", onnx}
		if f64 {
			args = append(args, "-float64")
		}
		code, out, errOut := runCLI(args...)
		precision := map[bool]string{true: "float64", false: "float32"}[f64]
		wantOut := "saved " + onnx + ": network 4-6-5-1 (relu, relu), 2 classes, inputs standardised, crosses x1*x2 sin(x2); " + precision +
			", ONNX opset 13; input x [N, 2], outputs probabilities [N, 2] and label [N]\n"
		if code != 0 || out != wantOut || errOut != "" {
			t.Fatalf("export: exit %d, stdout %q, stderr %q; want stdout %q", code, out, errOut, wantOut)
		}
		code, out, errOut = runCLI("import", "-model", onnx, "-o", back)
		if wantOut := "saved " + back + ": network 4-6-5-1 (relu, relu), 2 classes, inputs standardised, crosses x1*x2 sin(x2)\n"; code != 0 || out != wantOut || errOut != "" {
			t.Fatalf("import: exit %d, stdout %q, stderr %q; want stdout %q", code, out, errOut, wantOut)
		}
		imported, err := dlkit.LoadMLP(back)
		if err != nil {
			t.Fatal(err)
		}
		got, err := imported.ProbaBatch(d.X())
		if err != nil {
			t.Fatal(err)
		}
		if f64 && !mat.Equal(got, want) {
			t.Error("the model exported in float64 and imported predicts differently")
		}
		if !f64 && !mat.EqualApprox(got, want, 1e-5) {
			t.Error("the model exported in float32 and imported predicts more than 1e-5 away")
		}
	}
}

func TestExportImportErrors(t *testing.T) {
	dir := t.TempDir()
	notONNX := filepath.Join(dir, "m.onnx")
	if err := os.WriteFile(notONNX, []byte("\x0a\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"export", "-o", "m.onnx"}, 2, "-model FILE.json is required"},
		{[]string{"export", "-model", "m.json"}, 2, "-o FILE.onnx is required"},
		{[]string{"export", "-model", "m.json", "-o", "m.onnx", "-float32"}, 2, "unknown flag -float32"},
		{[]string{"export", "-model", filepath.Join(dir, "missing.json"), "-o", "m.onnx"}, 1, "missing.json: no such file"},
		{[]string{"export", "-model", notONNX, "-o", filepath.Join(dir, "x.onnx")}, 1, "dlkit: " + notONNX + ": model file: not JSON: it starts with 'ÿ', not {"},
		{[]string{"import", "-o", "m.json"}, 2, "-model FILE.onnx is required"},
		{[]string{"import", "-model", "m.onnx"}, 2, "-o FILE.json is required"},
		{[]string{"import", "-model", notONNX, "-o", filepath.Join(dir, "x.json")}, 1, notONNX + ": dlkit: onnx: malformed protobuf at byte 0"},
		{[]string{"import", "-model", "../../dlkit/testdata/onnx/torch-leakyrelu.onnx", "-o", filepath.Join(dir, "x.json")}, 1,
			`torch-leakyrelu.onnx: dlkit: onnx: node 1 (LeakyRelu "/1/LeakyRelu"): LeakyRelu is not an operator Percept maps`},
		{[]string{"import", "-model", "../../dlkit/testdata/onnx/torch-gemm.onnx", "-o", filepath.Join(dir, "no", "x.json")}, 2, "x.json\": no directory"},
	} {
		code, out, errOut := runCLI(test.args...)
		if code != test.code || !strings.Contains(errOut, test.says) || out != "" {
			t.Errorf("%d: %q: exit %d, stdout %q, stderr %q; want exit %d and stderr saying %q", i, test.args, code, out, errOut, test.code, test.says)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
		t.Error("a failed import wrote its output")
	}
}
