package dlkit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"

	"github.com/percept-go/percept/internal/safefile"
)

// EvaluateOnce measures m on d as Evaluate does and keeps the result in the directory dir, in
// a file named by a key of the network and the data: a SHA-256 of every field of m (as
// TrainOnce's key writes them: weights, biases, activations, inputs ...) and of d's digest
// (its points, labels and number of classes). A later call for the same network and data, in
// this program or another, reads the result back instead (loaded is true); a network or data
// that differs in any value has another key. The directory is created if need be; a result
// that cannot be kept is only computed again next time.
//
// It is meant for notebooks, where every cell re-runs the whole program: a table and a figure
// of the accuracies of fifteen networks need not pass 5,000 images through each of them again
// in every cell. The file holds the confusion table and the log-loss; the other metrics are
// worked out from the table as Evaluate does. Files of networks no longer asked about are not
// removed.
func EvaluateOnce(dir string, m *MLP, d *Dataset) (met Metrics, loaded bool, err error) {
	if err := m.checkData(d); err != nil {
		return Metrics{}, false, err
	}
	key := evaluationKey(m, d)
	path := filepath.Join(dir, hex.EncodeToString(key[:16])+".metrics")
	if met, ok := readMetrics(path, key, m.Classes, d.Len()); ok {
		return met, true, nil
	}
	met, err = Evaluate(m, d)
	if err != nil {
		return Metrics{}, false, err
	}
	if os.MkdirAll(dir, 0o755) == nil {
		safefile.Write(path, func(w io.Writer) error { _, err := w.Write(encodeMetrics(key, met)); return err })
	}
	return met, false, nil
}

const evaluationKeyVersion = "percept EvaluateOnce key 1" // a change evaluates every network again

// evaluationKey returns EvaluateOnce's key for m on d.
func evaluationKey(m *MLP, d *Dataset) [32]byte {
	k := keyWriter{h: sha256.New()}
	k.string(evaluationKeyVersion)
	k.value(reflect.ValueOf(m), "MLP")
	sum := d.digest()
	k.h.Write(sum[:])
	return [32]byte(k.h.Sum(nil))
}

// A metrics file is the key, the number of classes, the confusion table row by row, and the
// log-loss's bits, each number 8 bytes little-endian.

func encodeMetrics(key [32]byte, met Metrics) []byte {
	b := append([]byte(nil), key[:]...)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(met.Confusion)))
	for _, row := range met.Confusion {
		for _, c := range row {
			b = binary.LittleEndian.AppendUint64(b, uint64(c))
		}
	}
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(met.LogLoss))
}

// readMetrics returns the metrics in the file at path if it holds a result for key, of the
// given number of classes and points; ok is false otherwise (no file, another key, a file cut
// short or damaged).
func readMetrics(path string, key [32]byte, classes, points int) (met Metrics, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) != 32+8*(2+classes*classes) || !bytes.Equal(b[:32], key[:]) {
		return Metrics{}, false
	}
	b = b[32:]
	next := func() uint64 { v := binary.LittleEndian.Uint64(b); b = b[8:]; return v }
	if next() != uint64(classes) {
		return Metrics{}, false
	}
	met = newMetrics(classes)
	total := uint64(0)
	for t := range classes {
		for p := range classes {
			c := next()
			if c > uint64(points) {
				return Metrics{}, false
			}
			met.Confusion[t][p] = int(c)
			total += c
		}
	}
	met.LogLoss = math.Float64frombits(next())
	if total != uint64(points) || !finite(met.LogLoss) || met.LogLoss < 0 {
		return Metrics{}, false
	}
	met.finish()
	return met, true
}
