package dlkit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// TrainOnce trains m on d as Train does and saves the result, with its history, to the model
// file at path — unless that file already holds the result of exactly this training (the same
// starting network, data and config, recorded as a fingerprint). Then it loads it instead:
// m takes the trained parameters, the recorded history is returned, and loaded is true;
// c.OnEpoch is not called.
//
// It is meant for notebooks, where every cell re-runs the whole program: the first cell that
// needs a trained network trains it, and the later ones load it in a moment. Change anything
// about the training and it trains again. The file's directory is created if need be.
func TrainOnce(path string, m *MLP, d *Dataset, c TrainConfig) (h History, loaded bool, err error) {
	fp, err := fingerprint(m, d, c)
	if err != nil {
		return History{}, false, err
	}
	if saved, t, err := loadModel(path); err == nil && t != nil && t.Fingerprint == fp {
		*m = *saved
		return History{Loss: t.Loss, Accuracy: t.Accuracy, Params: t.Params, Stop: t.Stop}, true, nil
	}
	h, err = Train(m, d, c)
	if err != nil {
		return h, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return h, false, fmt.Errorf("dlkit: %w", err)
	}
	return h, false, m.save(path, &trainingJSON{Fingerprint: fp, Loss: h.Loss, Accuracy: h.Accuracy, Params: h.Params, Stop: h.Stop})
}

// fingerprint hashes what determines a training run's result: the starting network, the data
// and the config (but not OnEpoch).
func fingerprint(m *MLP, d *Dataset, c TrainConfig) (string, error) {
	h := sha256.New()
	if err := m.WriteJSON(h); err != nil {
		return "", err
	}
	writeFloats(h, d.raw())
	writeFloats(h, d.y)
	fmt.Fprintf(h, "%d|%s", d.Dim(), configKey(c))
	return hex.EncodeToString(h.Sum(nil)), nil
}

// writeFloats writes the bits of v, little-endian, to w 8 KiB at a time (a write per value
// made hashing MNIST take seconds).
func writeFloats(w io.Writer, v []float64) {
	var buf [8192]byte
	for len(v) > 0 {
		n := min(len(v), len(buf)/8)
		for i, x := range v[:n] {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(x))
		}
		w.Write(buf[:8*n])
		v = v[n:]
	}
}

// configKey lists every field of c as name=value, found by reflection so that a field added
// to TrainConfig is part of the key without anyone remembering to add it. Functions
// (OnEpoch) watch training without changing it and are left out; the Optimizer is taken by
// value (&Adam{...} trains as Adam{...}).
func configKey(c TrainConfig) string {
	var b strings.Builder
	v := reflect.ValueOf(c)
	for i := range v.NumField() {
		f, x := v.Type().Field(i), v.Field(i).Interface()
		switch {
		case f.Type.Kind() == reflect.Func:
			continue
		case f.Name == "Optimizer":
			x = optimizerValue(c.Optimizer)
		}
		fmt.Fprintf(&b, "%s=%T%+v|", f.Name, x, x)
	}
	return b.String()
}
