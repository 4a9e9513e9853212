package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/gpu"
	"gonum.org/v1/gonum/floats/scalar"
)

// The tutorial's reference results (../shared/seed/REFERENCE.md); numbers must agree to a
// relative error below 1e-15.
const (
	refForward   = 0.9999979547735586
	refSumError1 = 2.772588722239781
	refSumError2 = 7.80203873765316
	refTol       = 1e-15
)

const tutorialCSV = "../../notebooks/data/tutorial.csv"

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSeed(t *testing.T) {
	code, out, errOut := runCLI("seed")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 || lines[0] != "Predicted label: 1" || lines[2] != "Label: 1" {
		t.Fatalf("output:\n%s", out)
	}
	checkNumber(t, strings.TrimPrefix(lines[1], "Forward propagation output: "), refForward)
	f := strings.Fields(lines[3])
	if len(f) != 4 || f[0] != "sum_error1:" || f[2] != "sum_error2:" {
		t.Fatalf("last line %q", lines[3])
	}
	checkNumber(t, f[1], refSumError1)
	checkNumber(t, f[3], refSumError2)
}

func checkNumber(t *testing.T, s string, want float64) {
	t.Helper()
	got, err := strconv.ParseFloat(s, 64)
	if err != nil || !scalar.EqualWithinRel(got, want, refTol) {
		t.Errorf("printed %q, want %v (relative error below %g)", s, want, refTol)
	}
}

func TestCompare(t *testing.T) {
	// The committed data file is the tutorial's four points.
	d, err := dlkit.LoadCSV(tutorialCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := dlkit.TutorialData()
	for i := range want.Len() {
		if d.Point(i)[0] != want.Point(i)[0] || d.Point(i)[1] != want.Point(i)[1] || d.Label(i) != want.Label(i) {
			t.Fatalf("%s row %d differs from dlkit.TutorialData", tutorialCSV, i)
		}
	}

	code, out, errOut := runCLI("compare", "-data", tutorialCSV, "-w", "0,0", "-w", "1,-1")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "weights=0,0 bias=0 sum_error=") || !strings.HasPrefix(lines[1], "weights=1,-1 bias=0 sum_error=") {
		t.Fatalf("output:\n%s", out)
	}
	checkNumber(t, strings.SplitAfter(lines[0], "sum_error=")[1], refSumError1)
	checkNumber(t, strings.SplitAfter(lines[1], "sum_error=")[1], refSumError2)

	plotPath := filepath.Join(t.TempDir(), "cmp.png")
	code, out, errOut = runCLI("compare", "-data", tutorialCSV, "-w", "0,0", "-w", "1,-1", "-w", "1,1", "-b", "-0.5", "-json", "-plot", plotPath)
	if code != 0 || errOut != "" {
		t.Fatalf("-json -plot: exit %d, stderr %q", code, errOut)
	}
	var results []struct {
		Weights  []float64 `json:"weights"`
		Bias     *float64  `json:"bias"`
		SumError *float64  `json:"sum_error"`
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil || len(results) != 3 {
		t.Fatalf("JSON %q: %v", out, err)
	}
	for i, r := range results {
		sum, err := dlkit.SumCrossEntropy(d, r.Weights, -0.5)
		if err != nil || r.Bias == nil || *r.Bias != -0.5 || r.SumError == nil || *r.SumError != sum {
			t.Errorf("result %d: %+v, want sum_error %v with bias -0.5", i, r, sum)
		}
	}
	f, err := os.Open(plotPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() < 100 {
		t.Errorf("-plot wrote no readable PNG: %v", err)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("x1,x2,label\n1,2,0\n3,oops,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "percept: no command given"},
		{[]string{"fly"}, 2, `unknown command "fly"`},
		{[]string{"seed", "extra"}, 2, `seed: unexpected argument "extra"`},
		{[]string{"compare", "-w", "1,1"}, 2, "-data FILE.csv is required"},
		{[]string{"compare", "-data", tutorialCSV}, 2, "at least one -w is required"},
		{[]string{"compare", "-data", tutorialCSV, "-w", "1,x"}, 2, `"x" is not a finite number`},
		{[]string{"compare", "-data", tutorialCSV, "-w", "1,1", "-b", "Inf"}, 2, `"Inf" is not a finite number`},
		{[]string{"compare", "-data", tutorialCSV, "-w", "1,1", "stray"}, 2, `unexpected argument "stray"`},
		{[]string{"compare", "-data", tutorialCSV, "-w", "1,1", "-w", "1,2,3"}, 1, "-w 1,2,3 has 3 values, but " + tutorialCSV + " has 2 features"},
		{[]string{"compare", "-data", bad, "-w", "1,1"}, 1, bad + ": line 3, column 2 (x2): \"oops\" is not a number"},
		{[]string{"compare", "-data", filepath.Join(dir, "missing.csv"), "-w", "1,1"}, 1, "no such file"},
		{[]string{"compare", "-data", tutorialCSV, "-w", "1,1", "-plot", filepath.Join(dir, "x.bmp")}, 2, "x.bmp\": the extension must say the format"},
	} {
		code, out, errOut := runCLI(test.args...)
		if code != test.code || !strings.Contains(errOut, test.says) || out != "" {
			t.Errorf("%d: %q: exit %d, stdout %q, stderr %q; want exit %d and stderr saying %q", i, test.args, code, out, errOut, test.code, test.says)
		}
	}
	if code, out, _ := runCLI("help"); code != 0 || !strings.Contains(out, "percept compare") {
		t.Errorf("help: exit %d, %q", code, out)
	}
	// Every command's help goes to stdout, with exit status 0.
	for _, name := range []string{"seed", "compare", "train", "predict", "export", "import", "generate", "speed"} {
		for _, args := range [][]string{{name, "-h"}, {name, "-help"}, {name, "--help"}, {"help", name}} {
			if code, out, errOut := runCLI(args...); code != 0 || !strings.HasPrefix(out, "Usage: percept "+name) || errOut != "" {
				t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
			}
		}
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}} {
		if code, out, _ := runCLI(args...); code != 0 || !strings.Contains(out, "percept compare") {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
}

func TestSpeed(t *testing.T) {
	code, out, errOut := runCLI("speed", "-n", "100,5000", "-k", "3", "-json")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep gpu.SpeedReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	if rep.K != 3 || len(rep.Rows) != 2 || rep.Rows[0].N != 100 || rep.Rows[1].N != 5000 {
		t.Fatalf("report %+v, want k=3 and rows for N=100 and 5000", rep)
	}
	if (rep.GPU == "") == (rep.NoGPU == "") {
		t.Errorf("GPU %q, NoGPU %q: want exactly one", rep.GPU, rep.NoGPU)
	}
	for _, r := range rep.Rows {
		if !(r.CPUSeconds > 0) || (rep.GPU != "") != (r.GPUSeconds > 0) || r.MaxRelDiff > 1e-4 {
			t.Errorf("row %+v", r)
		}
	}
	if code, _, _ := runCLI("speed", "-n", "10,x"); code != 2 {
		t.Errorf("-n 10,x: exit %d, want 2", code)
	}
}
