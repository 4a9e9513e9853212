package dlkit

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// sameMetrics reports whether a and b are the same metrics, NaN for NaN.
func sameMetrics(a, b Metrics) bool {
	bits := func(x []float64) []uint64 {
		var u []uint64
		for _, v := range x {
			u = append(u, math.Float64bits(v))
		}
		return u
	}
	return reflect.DeepEqual(a.Confusion, b.Confusion) && a.Accuracy == b.Accuracy &&
		math.Float64bits(a.LogLoss) == math.Float64bits(b.LogLoss) &&
		reflect.DeepEqual(bits(a.Precision), bits(b.Precision)) && reflect.DeepEqual(bits(a.Recall), bits(b.Recall)) &&
		reflect.DeepEqual(bits(a.F1), bits(b.F1))
}

// TestEvaluateOnce checks that EvaluateOnce gives Evaluate's metrics, computed the first time
// and read back after that, and computed again for a network or data that differ in one value
// and where the kept file is damaged.
func TestEvaluateOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "metrics")
	d, _ := Blobs(90, 3, 0.8, 1)
	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{5}, Activation: Tanh, Classes: 3, Seed: 2})
	if _, err := Train(m, d, TrainConfig{Optimizer: Adam{LearningRate: 0.05}, Epochs: 3}); err != nil {
		t.Fatal(err)
	}
	once := func(what string, m *MLP, d *Dataset, wantLoaded bool) {
		t.Helper()
		want := must(Evaluate(m, d))
		got, loaded, err := EvaluateOnce(dir, m, d)
		if err != nil || loaded != wantLoaded || !sameMetrics(got, want) {
			t.Errorf("%s: loaded %v, %v, metrics %+v; want loaded %v, %+v", what, loaded, err, got, wantLoaded, want)
		}
	}
	once("the first call", m, d, false)
	once("the second call", m, d, true)
	once("a copy of the network", m.Clone(), d, true)

	other := m.Clone()
	other.Output.B[0] = math.Nextafter(other.Output.B[0], 1)
	once("a bias one ulp more", other, d, false)
	once("a bias one ulp more, again", other, d, true)
	fewer := must(d.Where(func(i int) bool { return i > 0 }))
	once("one point fewer", m, fewer, false)
	relabelled := must(d.Relabel(func(y float64) float64 { return 2 - y }))
	once("other labels", m, relabelled, false)

	// Damaged files: computed again, and written again.
	files, _ := filepath.Glob(filepath.Join(dir, "*.metrics"))
	if len(files) != 4 {
		t.Fatalf("%d files kept, want 4 (one per network and data): %v", len(files), files)
	}
	key := evaluationKey(m, d)
	good := encodeMetrics(key, must(Evaluate(m, d)))
	path := filepath.Join(dir, filepath.Base(files[0]))
	for _, f := range files {
		if b, _ := os.ReadFile(f); string(b[:32]) == string(key[:]) {
			path = f
		}
	}
	for _, damage := range []struct {
		what string
		b    []byte
	}{
		{"cut short", good[:len(good)-3]},
		{"another key", append([]byte{good[0] ^ 1}, good[1:]...)},
		{"a count more", func() []byte { b := append([]byte(nil), good...); b[32+8]++; return b }()},
		{"a negative log-loss", func() []byte {
			b := append([]byte(nil), good...)
			b[len(b)-1] |= 0x80
			return b
		}()},
		{"empty", nil},
	} {
		if err := os.WriteFile(path, damage.b, 0o644); err != nil {
			t.Fatal(err)
		}
		once("a file "+damage.what, m, d, false)
		once("after a file "+damage.what, m, d, true)
	}

	// A directory that cannot be made: the metrics all the same, every time.
	blocked := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocked, nil, 0o644)
	for range 2 {
		got, loaded, err := EvaluateOnce(filepath.Join(blocked, "metrics"), m, d)
		if err != nil || loaded || !sameMetrics(got, must(Evaluate(m, d))) {
			t.Errorf("a directory that cannot be made: loaded %v, %v", loaded, err)
		}
	}
	// Bad input is Evaluate's error.
	wide, _ := NewMLP(MLPConfig{Features: 3, Hidden: []int{2}, Activation: Tanh, Classes: 3})
	if _, _, err := EvaluateOnce(dir, wide, d); err == nil {
		t.Error("a network of 3 features on points of 2: no error")
	}
}
