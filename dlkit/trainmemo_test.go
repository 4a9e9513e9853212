package dlkit

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestTrainOnceRecalls checks that TrainOnce, asked again in the same program for a network it
// read or saved, gives the same network and history, a copy of its own each time, and follows
// the file when it is written again or removed.
func TestTrainOnceRecalls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blobs.json")
	d, _ := Blobs(60, 3, 0.3, 1)
	start, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{4}, Activation: Tanh, Classes: 3, Seed: 2})
	c := TrainConfig{Optimizer: Adam{LearningRate: 0.05}, Epochs: 3, KeepParams: true}
	once := func(what string, wantLoaded bool) (*MLP, History) {
		t.Helper()
		m := start.Clone()
		h, loaded, err := TrainOnce(path, m, d, c)
		if err != nil || loaded != wantLoaded {
			t.Fatalf("%s: loaded %v, %v; want loaded %v", what, loaded, err, wantLoaded)
		}
		return m, h
	}
	first, h := once("the first call", false)
	want, wantH := first.Clone(), History{Loss: append([]float64(nil), h.Loss...), Accuracy: append([]float64(nil), h.Accuracy...), Params: h.Params, Stop: h.Stop}

	// Changing what a call returned changes nothing for the next one.
	first.Output.W.Set(0, 0, 99)
	h.Loss[0], h.Params[0][0] = -1, -1
	second, h2 := once("the second call", true)
	if !reflect.DeepEqual(second, want) || !reflect.DeepEqual(h2.Loss, wantH.Loss) || h2.Params[0][0] == -1 {
		t.Errorf("the second call: another network or history than the first call trained")
	}
	second.Hidden[0].W.Set(0, 0, 98)
	if third, _ := once("the third call", true); !reflect.DeepEqual(third, want) {
		t.Errorf("the third call: another network than the first call trained")
	}

	// The file written again, by another program (here the same, bypassing TrainOnce): the
	// network in it now.
	_, rec, err := loadTrained(path)
	if err != nil {
		t.Fatal(err)
	}
	other := want.Clone()
	other.Output.B[1] += 0.5
	if err := other.save(path, rec); err != nil {
		t.Fatal(err)
	}
	if got, _ := once("after the file was written again", true); !reflect.DeepEqual(got, other) {
		t.Errorf("after the file was written again: the network it held before")
	}

	// The file removed: trained again, the same network as the first time.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if got, _ := once("after the file was removed", false); !reflect.DeepEqual(got, want) {
		t.Errorf("after the file was removed: not the network the first call trained")
	}
}
