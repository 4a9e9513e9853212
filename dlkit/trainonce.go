package dlkit

import (
	"fmt"
	"os"
	"path/filepath"
)

// TrainOnce trains m on d as Train does and saves the result, with its history, to the model
// file at path — unless that file already holds the result of exactly this training: the same
// starting network, data and config, recorded in the file as their fingerprint, a hash of
// every field of m and c (but c.OnEpoch) and of d's points, labels and number of classes.
// Then it loads it instead: m takes the trained parameters, the recorded history is returned,
// and loaded is true; c.OnEpoch is not called.
//
// It is meant for notebooks, where every cell re-runs the whole program: the first cell that
// needs a trained network trains it, and the later ones load it in a moment. Change anything
// about the training and it trains again. The file's directory is created if need be. The data
// is hashed once per Dataset (and its Relabel copies), at memory speed. Beside the model file
// NAME, TrainOnce keeps a binary copy, .NAME.gob, which later calls read in milliseconds
// instead of parsing the JSON (a copy is used only while it matches the file), and within one
// program, what it read or saved is used again while the file is unchanged.
func TrainOnce(path string, m *MLP, d *Dataset, c TrainConfig) (h History, loaded bool, err error) {
	fp := trainingKey(m, d, c)
	if saved, t, err := recallTrained(path); err == nil && t != nil && t.Fingerprint == fp {
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
	t := &trainingJSON{Fingerprint: fp, Loss: h.Loss, Accuracy: h.Accuracy, Params: h.Params, Stop: h.Stop}
	if err := m.save(path, t); err != nil {
		return h, false, err
	}
	if info, err := os.Stat(path); err == nil {
		rememberTrained(path, info, m.Clone(), t.clone())
	}
	return h, false, nil
}
