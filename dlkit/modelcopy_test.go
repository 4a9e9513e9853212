package dlkit

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestModelCopy checks that TrainOnce's binary copy of a model file reads back exactly what
// the file holds, and is not read once it no longer matches the file or cannot be decoded.
func TestModelCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "blobs.json")
	d, _ := Blobs(60, 3, 0.3, 1)
	m, _ := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1X2}, Hidden: []int{5}, Activation: ReLU, Classes: 3, Seed: 2})
	m.Hidden[0].Frozen = true
	if err := m.Inputs.Standardize(d); err != nil {
		t.Fatal(err)
	}
	c := TrainConfig{Optimizer: Adam{LearningRate: 0.05}, Epochs: 4, KeepParams: true}
	trained := m.Clone()
	if _, _, err := TrainOnce(path, trained, d, c); err != nil {
		t.Fatal(err)
	}
	wantNet, wantTraining, err := loadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	read := func(what string) *MLP {
		got, training, err := loadTrained(path)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(training, wantTraining) {
			t.Errorf("%s: training record %+v, want %+v", what, training, wantTraining)
		}
		return got
	}
	if got := read("from the JSON"); !reflect.DeepEqual(got, wantNet) {
		t.Errorf("from the JSON: %+v, want %+v", got, wantNet)
	}
	if _, err := os.Stat(copyPath(path)); err != nil {
		t.Fatalf("no copy written: %v", err)
	}
	if got := read("from the copy"); !reflect.DeepEqual(got, wantNet) {
		t.Errorf("from the copy: %+v, want %+v", got, wantNet)
	}
	again := m.Clone()
	if _, loaded, err := TrainOnce(path, again, d, c); err != nil || !loaded || !reflect.DeepEqual(again, wantNet) {
		t.Errorf("TrainOnce from the copy: loaded %v, %v; or another network", loaded, err)
	}

	// The model file changed: its copy is stale.
	wantNet.Output.B[0] += 1
	if err := wantNet.save(path, wantTraining); err != nil {
		t.Fatal(err)
	}
	if got := read("a changed model file"); got.Output.B[0] != wantNet.Output.B[0] {
		t.Errorf("a changed model file: read the stale copy (bias %v, want %v)", got.Output.B[0], wantNet.Output.B[0])
	}
	// A copy that does not decode, or of other types, or that fails Check, is not read.
	for _, copy := range []func() []byte{
		func() []byte { return []byte("not gob") },
		func() []byte {
			var b bytes.Buffer
			gob.NewEncoder(&b).Encode(modelCopy{Layout: "other", Source: sourceSum(t, path), Model: m, Training: wantTraining})
			return b.Bytes()
		},
		func() []byte {
			bad := wantNet.Clone()
			bad.Classes = 1
			var b bytes.Buffer
			gob.NewEncoder(&b).Encode(modelCopy{Layout: copyLayout, Source: sourceSum(t, path), Model: bad, Training: wantTraining})
			return b.Bytes()
		},
	} {
		os.WriteFile(copyPath(path), copy(), 0o644)
		if got := read("a bad copy"); !reflect.DeepEqual(got, wantNet) {
			t.Error("read a bad copy")
		}
	}
}

func sourceSum(t *testing.T, path string) [16]byte {
	_, _, err := loadTrained(path) // writes a good copy: its Source is what we want
	if err != nil {
		t.Fatal(err)
	}
	var mc modelCopy
	b, _ := os.ReadFile(copyPath(path))
	gob.NewDecoder(bytes.NewReader(b)).Decode(&mc)
	return mc.Source
}
