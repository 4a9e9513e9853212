package dlkit

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestOptimizerPointers checks that a pointer to an SGD or an Adam trains as the value does,
// and is the same training for TrainOnce, and that a nil one is reported as not set.
func TestOptimizerPointers(t *testing.T) {
	d := must(Moons(200, 0.1, 1))
	net := func() *MLP { return must(NewMLP(MLPConfig{Features: 2, Hidden: []int{6}, Activation: Tanh, Seed: 1})) }
	for _, c := range []struct{ value, pointer Optimizer }{
		{Adam{LearningRate: 0.01}, &Adam{LearningRate: 0.01}},
		{SGD{LearningRate: 0.1, Momentum: 0.9}, &SGD{LearningRate: 0.1, Momentum: 0.9}},
	} {
		byValue, byPointer := net(), net()
		want := must(Train(byValue, d, TrainConfig{Optimizer: c.value, Epochs: 5, BatchSize: 50}))
		got, err := Train(byPointer, d, TrainConfig{Optimizer: c.pointer, Epochs: 5, BatchSize: 50})
		if err != nil || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(byPointer, byValue) {
			t.Errorf("%T: %+v, %v; the value gives %+v", c.pointer, got, err, want)
		}
		path := filepath.Join(t.TempDir(), "m.json")
		if _, _, err := TrainOnce(path, net(), d, TrainConfig{Optimizer: c.value, Epochs: 5}); err != nil {
			t.Fatal(err)
		}
		if _, loaded, err := TrainOnce(path, net(), d, TrainConfig{Optimizer: c.pointer, Epochs: 5}); err != nil || !loaded {
			t.Errorf("%T: TrainOnce after the value's: loaded %v, %v; want the same training, loaded", c.pointer, loaded, err)
		}
	}
	for _, o := range []Optimizer{(*Adam)(nil), (*SGD)(nil)} {
		if _, err := Train(net(), d, TrainConfig{Optimizer: o, Epochs: 1}); err == nil || !strings.Contains(err.Error(), "not set") {
			t.Errorf("Train with a nil %T: %v, want an error saying it is not set", o, err)
		}
	}
}
