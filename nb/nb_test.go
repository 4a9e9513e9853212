package nb_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/nb"
)

func TestMustCheck(t *testing.T) {
	if got := nb.Must(42, nil); got != 42 {
		t.Errorf("Must(42, nil) = %v", got)
	}
	nb.Check(nil)
	bad := errors.New("bad")
	for name, f := range map[string]func(){
		"Must":  func() { nb.Must(42, bad) },
		"Check": func() { nb.Check(bad) },
	} {
		if got := recovered(f); got != bad {
			t.Errorf("%s with an error: panicked with %v, want the error", name, got)
		}
	}
}

// recovered returns what f panics with, or nil.
func recovered(f func()) (v any) {
	defer func() { v = recover() }()
	f()
	return nil
}

func TestTrainOnce(t *testing.T) {
	t.Chdir(t.TempDir())
	d := nb.Must(dlkit.Moons(100, 0.1, 1))
	config := dlkit.MLPConfig{Features: 2, Hidden: []int{4}, Activation: dlkit.Tanh, Seed: 1}
	epochs := 0
	c := dlkit.TrainConfig{Optimizer: dlkit.Adam{LearningRate: 0.01}, Epochs: 7,
		OnEpoch: func(dlkit.Epoch) bool { epochs++; return true }}
	trained := nb.Must(dlkit.NewMLP(config))
	h, err := nb.TrainOnce("moons", trained, d, c)
	if err != nil || len(h.Loss) != 7 || epochs != 7 {
		t.Fatalf("first TrainOnce: %d epochs, OnEpoch called %d times, %v; want 7 and 7", len(h.Loss), epochs, err)
	}
	if _, err := os.Stat(filepath.Join(nb.ModelDir, "moons.json")); err != nil {
		t.Errorf("no model file: %v", err)
	}
	loaded := nb.Must(dlkit.NewMLP(config))
	h2, err := nb.TrainOnce("moons", loaded, d, c)
	if err != nil || !reflect.DeepEqual(h2, h) || epochs != 7 || !reflect.DeepEqual(loaded, trained) {
		t.Errorf("second TrainOnce: %+v, %v, OnEpoch called %d times; want the first's history and network, loaded", h2, err, epochs)
	}
	c.OnEpoch = func(e dlkit.Epoch) bool { return e.Epoch < 3 } // OnEpoch can still stop training
	if h, err := nb.TrainOnce("moons-stopped", nb.Must(dlkit.NewMLP(config)), d, c); err != nil || len(h.Loss) != 3 || h.Stop != "OnEpoch" {
		t.Errorf("TrainOnce stopped by OnEpoch: %d epochs (%s), %v; want 3", len(h.Loss), h.Stop, err)
	}
}

// TestEvaluate checks that Evaluate gives dlkit.Evaluate's metrics and keeps them in
// MetricsDir, relative to the directory it runs in.
func TestEvaluate(t *testing.T) {
	t.Chdir(t.TempDir())
	d := dlkit.TutorialData()
	m := nb.Must(dlkit.NewMLP(dlkit.MLPConfig{Features: 2, Hidden: []int{3}, Activation: dlkit.Tanh, Seed: 1}))
	want := nb.Must(dlkit.Evaluate(m, d))
	for i := range 2 {
		got, err := nb.Evaluate(m, d)
		if err != nil || got.Accuracy != want.Accuracy || got.LogLoss != want.LogLoss {
			t.Errorf("call %d: accuracy %v, log-loss %v, %v; want %v, %v", i, got.Accuracy, got.LogLoss, err, want.Accuracy, want.LogLoss)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(nb.MetricsDir, "*.metrics")); len(files) != 1 {
		t.Errorf("%d files in %s, want 1", len(files), nb.MetricsDir)
	}
}
