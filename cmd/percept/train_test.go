package main

import (
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
)

func TestGenerateTrainPredict(t *testing.T) {
	dir := t.TempDir()
	trainCSV, testCSV := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	for _, c := range []struct {
		path string
		seed string
	}{{trainCSV, "1"}, {testCSV, "2"}} {
		if code, _, errOut := runCLI("generate", "-kind", "circles", "-n", "300", "-noise", "0.05", "-seed", c.seed, "-o", c.path); code != 0 {
			t.Fatalf("generate: exit %d: %s", code, errOut)
		}
	}
	d, err := dlkit.LoadCSV(trainCSV)
	if err != nil || d.Len() != 300 || d.Classes() != 2 {
		t.Fatalf("generated data: %v", err)
	}

	model, figure := filepath.Join(dir, "m.json"), filepath.Join(dir, "training.png")
	code, out, errOut := runCLI("train", "-data", trainCSV, "-test", testCSV, "-hidden", "8", "-epochs", "150", "-lr", "0.03", "-batch", "0", "-o", model, "-plot", figure)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, errOut)
	}
	// network 2-8-1 tanh, 300 points, adam lr 0.03, full batch, 150 epochs (stopped: epochs) in 0.01 s
	// train loss 0.012345  accuracy 1.0000
	// test  loss ...
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "network 2-8-1 tanh, 300 points, adam lr 0.03, full batch, 150 epochs (stopped: epochs)") || lines[3] != "saved "+model {
		t.Fatalf("train output:\n%s", out)
	}
	for i, name := range []string{"train", "test"} {
		f := strings.Fields(lines[i+1])
		if len(f) != 5 || f[0] != name || f[1] != "loss" || f[3] != "accuracy" {
			t.Fatalf("line %q", lines[i+1])
		}
		if acc, _ := strconv.ParseFloat(f[4], 64); acc < 0.97 {
			t.Errorf("%s accuracy %v on circles", name, acc)
		}
	}
	if f, err := os.Open(figure); err != nil {
		t.Error(err)
	} else if _, err := png.Decode(f); err != nil {
		t.Errorf("-plot: %v", err)
	}

	// predict with labels: lines, and the accuracy on standard error.
	code, out, errOut = runCLI("predict", "-model", model, "-data", testCSV)
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, errOut)
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != 300 || !strings.HasPrefix(rows[0], "label=") || !strings.Contains(rows[0], " probability=") || !strings.HasPrefix(errOut, "accuracy ") {
		t.Errorf("predict: %d rows, first %q; stderr %q", len(rows), rows[0], errOut)
	}
	// The same points without labels, as JSON: the loaded model predicts as the trained one.
	m, err := dlkit.LoadMLP(model)
	if err != nil {
		t.Fatal(err)
	}
	points := filepath.Join(dir, "points.csv")
	var sb strings.Builder
	for i := range d.Len() {
		x := d.Point(i)
		sb.WriteString(strconv.FormatFloat(x[0], 'g', -1, 64) + "," + strconv.FormatFloat(x[1], 'g', -1, 64) + "\n")
	}
	if err := os.WriteFile(points, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI("predict", "-model", model, "-data", points, "-json")
	if code != 0 || errOut != "" {
		t.Fatalf("predict -json: exit %d: %s", code, errOut)
	}
	var got []struct {
		Label         int
		Probabilities []float64
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != d.Len() {
		t.Fatalf("JSON: %v, %d rows", err, len(got))
	}
	for i, r := range got {
		p, _ := m.Proba(nil, d.Point(i))
		k, _ := m.Predict(d.Point(i))
		if r.Label != k || r.Probabilities[0] != p[0] || r.Probabilities[1] != p[1] {
			t.Fatalf("row %d: %+v, model says %d %v", i, r, k, p)
		}
	}
}

// TestTrainOneEpochPlot draws the training of a single epoch, whose loss has no range for a
// log scale (it panicked in gonum before).
func TestTrainOneEpochPlot(t *testing.T) {
	figure := filepath.Join(t.TempDir(), "one.png")
	if code, _, errOut := runCLI("train", "-data", tutorialCSV, "-hidden", "2", "-epochs", "1", "-plot", figure); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if f, err := os.Open(figure); err != nil {
		t.Error(err)
	} else if _, err := png.Decode(f); err != nil {
		t.Errorf("-plot: %v", err)
	}
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	three := filepath.Join(dir, "three.csv")
	if err := os.WriteFile(three, []byte("1,2,3,0\n4,5,6,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "m.json")
	if code, _, errOut := runCLI("train", "-data", tutorialCSV, "-hidden", "", "-epochs", "5", "-o", model); code != 0 {
		t.Fatalf("train: %s", errOut)
	}
	for i, test := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"train"}, 2, "-data FILE.csv is required"},
		{[]string{"train", "-data", tutorialCSV, "-hidden", "8,x"}, 2, `-hidden "8,x": entry 2 ("x"): not a whole number`},
		{[]string{"train", "-data", tutorialCSV, "-act", "swish"}, 2, `-act "swish": want sigmoid, tanh or relu`},
		{[]string{"train", "-data", tutorialCSV, "-opt", "lbfgs"}, 2, `-opt "lbfgs": want adam or sgd`},
		{[]string{"train", "-data", tutorialCSV, "-cross", "x3^2"}, 2, `unknown feature cross "x3^2"`},
		{[]string{"train", "-data", tutorialCSV, "-lr", "NaN"}, 2, `"NaN" is not a finite number`},
		{[]string{"train", "-data", tutorialCSV, "-lr", "-1"}, 2, `-lr "-1": -1 is not above 0`},
		{[]string{"train", "-data", tutorialCSV, "-epochs", "0"}, 2, `-epochs "0": 0 epochs, want at least 1`},
		{[]string{"train", "-data", tutorialCSV, "-test", three}, 1, "has 3 features"},
		{[]string{"train", "-data", filepath.Join(dir, "nope.csv")}, 1, "no such file"},
		{[]string{"predict", "-data", tutorialCSV}, 2, "-model FILE is required"},
		{[]string{"predict", "-model", model}, 2, "-data FILE.csv is required"},
		{[]string{"predict", "-model", tutorialCSV, "-data", tutorialCSV}, 1, "model file: not JSON: it starts with 'x', not {"},
		{[]string{"predict", "-model", model, "-data", three}, 1, "4 fields, want 2 features, and optionally a label"},
		{[]string{"generate"}, 2, "-kind is required"},
		{[]string{"generate", "-kind", "swirl"}, 2, `-kind "swirl": want moons, circles, xor, spirals, blobs or separable`},
		{[]string{"generate", "-kind", "moons", "-n", "1"}, 1, "needs at least 2 points"},
	} {
		code, out, errOut := runCLI(test.args...)
		if code != test.code || !strings.Contains(errOut, test.says) || out != "" {
			t.Errorf("%d: %q: exit %d, stdout %q, stderr %q; want exit %d and stderr saying %q", i, test.args, code, out, errOut, test.code, test.says)
		}
	}
	// A label the model has no class for: no predictions, an error naming the file and line.
	five := filepath.Join(dir, "five.csv")
	if err := os.WriteFile(five, []byte("1,2,0\n3,4,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI("predict", "-model", model, "-data", five); code != 1 || out != "" || errOut != "percept: dlkit: "+five+": line 2, column 3 (label): 5 is not one of the 2 classes (0 to 1): invalid label\n" {
		t.Errorf("predict with label 5: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// The built-in MNIST sets by name: a small network trained on all 60,000 images for one epoch,
// then asked about the 10,000 test images.
func TestMNISTByName(t *testing.T) {
	model := filepath.Join(t.TempDir(), "mnist.json")
	code, out, errOut := runCLI("train", "-data", "mnist", "-test", "mnist-test", "-hidden", "16", "-act", "relu",
		"-standardize=false", "-epochs", "1", "-batch", "128", "-lr", "0.003", "-o", model)
	if code != 0 {
		t.Fatalf("train -data mnist: exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "network 784-16-10 relu, 60000 points") || !strings.Contains(out, "\ntest  loss") {
		t.Fatalf("output:\n%s", out)
	}
	code, out, errOut = runCLI("predict", "-model", model, "-data", "mnist-test")
	if code != 0 {
		t.Fatalf("predict: exit %d: %s", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 10000 {
		t.Errorf("%d lines for 10,000 test images", n)
	}
	var acc float64
	var right, total int
	if _, err := fmt.Sscanf(errOut, "accuracy %f (%d of %d points)", &acc, &right, &total); err != nil || total != 10000 || acc < 0.85 {
		t.Errorf("accuracy line %q: %v", errOut, err)
	}
}
