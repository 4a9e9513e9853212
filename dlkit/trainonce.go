package dlkit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
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
	num := func(v float64) { binary.Write(h, binary.LittleEndian, math.Float64bits(v)) }
	for _, v := range d.raw() {
		num(v)
	}
	for _, v := range d.y {
		num(v)
	}
	o := optimizerValue(c.Optimizer) // &Adam{...} trains as Adam{...}
	fmt.Fprintf(h, "%d|%T%+v|%d|%d|%d|%v|%v|%v|%v|%v|%d|%v", d.Dim(), o, o, c.Epochs, c.BatchSize, c.Seed,
		c.TargetLoss, c.L1, c.L2, c.KeepParams, c.TargetAccuracy, c.Patience, c.Tolerance)
	return hex.EncodeToString(h.Sum(nil)), nil
}
