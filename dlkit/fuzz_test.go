package dlkit

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Fuzz targets for every reader of files: CSV (ReadCSV, LoadPoints), IDX (ReadIDX) and both
// model files (ReadMLP, ReadPerceptron). Their seed corpora are in testdata/fuzz/<target>/; a
// plain go test replays them, and make fuzz fuzzes each target for a few seconds. Each asserts
// what must hold for any input: no panic, an error that is one line and says "dlkit:", a
// result that is valid and round-trips where it can, and memory in proportion to the input,
// never to what the input announces.

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// checkAlloc fails if a reader allocated more than a few MiB plus perByte for each input byte.
func checkAlloc(t *testing.T, what string, n uint64, input []byte, perByte uint64) {
	t.Helper()
	if limit := 8<<20 + perByte*uint64(len(input)); n > limit {
		t.Fatalf("%s allocated %d bytes for %d bytes of input (more than %d)", what, n, len(input), limit)
	}
}

// checkError fails unless err is well formed: one line, from this package.
func checkError(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	if !strings.Contains(msg, "dlkit: ") || strings.ContainsAny(msg, "\n\r") {
		t.Fatalf("error %q: want one line saying dlkit:", msg)
	}
	var pe *ParseError
	if errors.As(err, &pe) && (pe.Line < 1 || pe.Column < 0) {
		t.Fatalf("%#v: want a line from 1", pe)
	}
}

// checkDataset fails unless d is valid: points, finite values, class numbers within the limits.
func checkDataset(t *testing.T, d *Dataset) {
	t.Helper()
	if d.Len() < 1 || d.Dim() < 1 || d.Dim() > MaxFeatures || d.Classes() > MaxClasses || len(d.Names()) != d.Dim() {
		t.Fatalf("dataset of %d points, %d features, %d classes", d.Len(), d.Dim(), d.Classes())
	}
	if j := firstNonFinite(d.raw()); j >= 0 {
		t.Fatalf("value %d is %v", j, d.raw()[j])
	}
	for i, y := range d.y {
		if checkLabel(y, d.Classes()) != nil {
			t.Fatalf("label %d is %v with %d classes", i, y, d.Classes())
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			d   *Dataset
			err error
		)
		n := allocated(func() { d, err = ReadCSV(bytes.NewReader(data)) })
		checkAlloc(t, "ReadCSV", n, data, 64)
		if err != nil {
			checkError(t, err)
			return
		}
		checkDataset(t, d)
		// What WriteCSV writes reads back the same: names, values, labels.
		var buf bytes.Buffer
		if err := d.WriteCSV(&buf); err != nil {
			t.Fatal(err)
		}
		back, err := ReadCSV(&buf)
		if err != nil {
			t.Fatalf("the written data does not read back: %v", err)
		}
		if !slices.Equal(back.Names(), d.Names()) || back.labelName != d.labelName ||
			!slices.Equal(back.raw(), d.raw()) || !slices.Equal(back.y, d.y) {
			t.Fatalf("read back as another dataset: names %q, %q", back.Names(), d.Names())
		}
	})
}

func FuzzLoadPoints(f *testing.F) {
	path := filepath.Join(f.TempDir(), "points.csv")
	f.Fuzz(func(t *testing.T, data []byte, features int) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var (
			x      *mat.Dense
			labels []float64
			err    error
		)
		n := allocated(func() { x, labels, err = LoadPoints(path, features) })
		checkAlloc(t, "LoadPoints", n, data, 64)
		if err != nil {
			checkError(t, err)
			return
		}
		rows, cols := x.Dims()
		if rows < 1 || cols != features || labels != nil && len(labels) != rows {
			t.Fatalf("%d×%d points and %d labels for %d features", rows, cols, len(labels), features)
		}
		if j := firstNonFinite(x.RawMatrix().Data); j >= 0 {
			t.Fatalf("value %d is not finite", j)
		}
		for i, y := range labels {
			if checkLabel(y, MaxClasses) != nil {
				t.Fatalf("label %d is %v", i, y)
			}
		}
	})
}

func FuzzReadIDX(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte) {
		var (
			dims []int
			data []byte
			err  error
		)
		n := allocated(func() { dims, data, err = ReadIDX(bytes.NewReader(in)) })
		perByte := uint64(4)
		if bytes.HasPrefix(in, []byte{0x1f, 0x8b}) {
			perByte = 2100 // gzip expands by at most 1032 times, and the data grows by doubling
		}
		checkAlloc(t, "ReadIDX", n, in, perByte)
		if err != nil {
			checkError(t, err)
			return
		}
		total := 1
		for _, d := range dims {
			total *= d
		}
		if len(dims) < 1 || len(dims) > 4 || total != len(data) || total > MaxValues {
			t.Fatalf("dimensions %v for %d elements", dims, len(data))
		}
	})
}

func FuzzReadMLP(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			m   *MLP
			err error
		)
		n := allocated(func() { m, err = ReadMLP(bytes.NewReader(data)) })
		checkAlloc(t, "ReadMLP", n, data, 64)
		if err != nil {
			checkError(t, err)
			if !errors.Is(err, ErrModelFile) && !strings.Contains(err.Error(), "unknown activation") && !strings.Contains(err.Error(), "unknown feature cross") {
				t.Fatalf("%v does not wrap ErrModelFile", err)
			}
			return
		}
		if err := m.Check(); err != nil {
			t.Fatalf("a model read without error fails Check: %v", err)
		}
		if m.NumParams() > MaxParams || m.Classes > MaxClasses || m.Inputs.Features > MaxFeatures {
			t.Fatalf("%d parameters, %d classes, %d features", m.NumParams(), m.Classes, m.Inputs.Features)
		}
		// It writes and reads back the same, and predicts (or says why it cannot) without a panic.
		var first, second bytes.Buffer
		if err := m.WriteJSON(&first); err != nil {
			t.Fatal(err)
		}
		back, err := ReadMLP(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("the written model does not read back: %v", err)
		}
		if err := back.WriteJSON(&second); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("read back as another model: %v", err)
		}
		if m.Inputs.Features <= 1024 {
			x := make([]float64, m.Inputs.Features)
			if p, err := m.Proba(nil, x); err == nil {
				for _, v := range p {
					if !(v >= 0 && v <= 1) {
						t.Fatalf("probabilities %v", p)
					}
				}
			} else if !errors.Is(err, ErrNotFinite) {
				t.Fatalf("Proba: %v", err)
			}
		}
	})
}

func FuzzReadPerceptron(f *testing.F) {
	path := filepath.Join(f.TempDir(), "p.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			p   *Perceptron
			err error
		)
		n := allocated(func() { p, err = ReadPerceptron(bytes.NewReader(data)) })
		checkAlloc(t, "ReadPerceptron", n, data, 64)
		if err != nil {
			checkError(t, err)
			return
		}
		if len(p.Weights) < 1 || len(p.Weights) > MaxFeatures || firstNonFinite(p.Weights) >= 0 || !finite(p.Bias) || !p.Activation.Valid() {
			t.Fatalf("perceptron %+v", p)
		}
		if err := p.Save(path); err != nil {
			t.Fatal(err)
		}
		back, err := LoadPerceptron(path)
		if err != nil || !slices.Equal(back.Weights, p.Weights) || back.Bias != p.Bias || back.Activation != p.Activation {
			t.Fatalf("read back as %+v, %v", back, err)
		}
		if out, err := p.Forward(make([]float64, len(p.Weights))); err != nil || math.IsNaN(out) {
			t.Fatalf("Forward at 0: %v, %v", out, err)
		}
	})
}

// FuzzCSVHeader writes datasets whose names come from the fuzzer (separated by \x1f) and reads
// them back: a written header always reads back the same.
func FuzzCSVHeader(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		names := strings.Split(s, "\x1f")
		if len(names) < 2 || len(names) > 20 {
			return
		}
		checkHeaderRoundTrip(t, 0, names)
	})
}
