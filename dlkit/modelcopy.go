package dlkit

import (
	"bytes"
	"encoding/gob"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/percept-go/percept/internal/safefile"
)

// Every notebook cell runs its program anew, so TrainOnce reads its saved networks back in
// nearly every cell, and parsing a 784-256-10 network's 200,000 numbers from JSON takes a
// tenth of a second. So TrainOnce keeps beside each model file NAME a binary copy, .NAME.gob
// (gob: the network and its training record), which it reads instead in a few milliseconds.
// A copy is read only while it records the hash of the model file as it is now and the same
// layout of the types it holds (copyLayout), and the network it holds passes MLP.Check;
// otherwise the model file is read and the copy written again. A copy that cannot be written
// only means reading the JSON next time.

// modelCopy is what a copy holds.
type modelCopy struct {
	Layout   string   // copyLayout, when it was written
	Source   [16]byte // the XXH3-128 hash of the model file's bytes
	Model    *MLP
	Training *trainingJSON
}

// copyLayout names every field of the types a copy holds, with its type, so that a copy
// written by a Percept whose types had other fields is not read (gob would leave them zero).
var copyLayout = layout(reflect.TypeFor[modelCopy]())

func layout(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return t.Kind().String() + " " + layout(t.Elem())
	case reflect.Struct:
		if t == denseType {
			return t.String() // gob writes it with its own MarshalBinary
		}
		var b strings.Builder
		b.WriteString(t.String() + "{")
		for f := range t.Fields() {
			b.WriteString(f.Name + " " + layout(f.Type) + "; ")
		}
		return b.String() + "}"
	}
	return t.String()
}

// copyPath returns the path of the binary copy of the model file at path.
func copyPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".gob")
}

// loadTrained reads the model file at path as loadModel does, from its binary copy where that
// is current, and writes the copy where not.
func loadTrained(path string) (*MLP, *trainingJSON, error) {
	f, err := openModel(path) // refuses a file beyond MaxModelBytes before reading it
	if err != nil {
		return nil, nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxModelBytes+1)) // readModel refuses more
	f.Close()
	if err != nil {
		return nil, nil, within(path, err)
	}
	sum := hashBytes(b)
	if c, err := os.ReadFile(copyPath(path)); err == nil {
		var mc modelCopy
		if gob.NewDecoder(bytes.NewReader(c)).Decode(&mc) == nil && mc.Layout == copyLayout && mc.Source == sum &&
			mc.Model != nil && mc.Model.Check() == nil {
			return mc.Model, mc.Training, nil
		}
	}
	m, t, err := readModel(bytes.NewReader(b))
	if err != nil {
		return nil, nil, within(path, err)
	}
	safefile.Write(copyPath(path), func(w io.Writer) error {
		return gob.NewEncoder(w).Encode(modelCopy{Layout: copyLayout, Source: sum, Model: m, Training: t})
	})
	return m, t, nil
}
