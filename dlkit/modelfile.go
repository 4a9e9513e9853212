package dlkit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/percept-go/percept/internal/safefile"
	"gonum.org/v1/gonum/mat"
)

// Model files hold one MLP as JSON, in a format documented in docs/model-format.md:
//
//	{
//	  "format": "percept-mlp",
//	  "version": 1,
//	  "classes": 2,
//	  "inputs": {"features": 2, "crosses": ["x1^2"], "mean": [...], "scale": [...]},
//	  "hidden": [{"inputs": 3, "units": 8, "activation": "tanh", "weights": [...], "bias": [...]}],
//	  "output": {"inputs": 8, "units": 1, "weights": [...], "bias": [...]},
//	  "training": {"fingerprint": "...", "loss": [...], "accuracy": [...], "params": [[...]], "stop": "epochs"}
//	}
//
// Weights are listed row by row (inputs×units); numbers are written in the shortest form that
// reads back to the same float64, so a loaded network predicts bit for bit as the saved one.
const (
	modelFormat  = "percept-mlp"
	modelVersion = 1
)

// ErrModelFile is wrapped by every error about a model file's contents: not JSON, truncated,
// another format or version, or inconsistent values.
var ErrModelFile = errors.New("bad model file")

type modelJSON struct {
	Format   string        `json:"format"`
	Version  int           `json:"version"`
	Classes  int           `json:"classes"`
	Inputs   inputsJSON    `json:"inputs"`
	Hidden   []layerJSON   `json:"hidden"`
	Output   layerJSON     `json:"output"`
	Training *trainingJSON `json:"training,omitempty"`
}

type inputsJSON struct {
	Features int       `json:"features"`
	Crosses  []Cross   `json:"crosses,omitempty"`
	Mean     []float64 `json:"mean,omitempty"`
	Scale    []float64 `json:"scale,omitempty"`
}

type layerJSON struct {
	Inputs     int         `json:"inputs"`
	Units      int         `json:"units"`
	Activation *Activation `json:"activation,omitempty"`
	Weights    []float64   `json:"weights"`
	Bias       []float64   `json:"bias"` // null for a layer without biases
	Frozen     bool        `json:"frozen,omitempty"`
}

type trainingJSON struct {
	Fingerprint string      `json:"fingerprint"`
	Loss        []float64   `json:"loss"`
	Accuracy    []float64   `json:"accuracy"`
	Params      [][]float64 `json:"params,omitempty"`
	Stop        string      `json:"stop"`
}

func (m *MLP) toJSON(t *trainingJSON) (*modelJSON, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	layer := func(l *Layer, hidden bool) layerJSON {
		r, c := l.W.Dims()
		out := layerJSON{Inputs: r, Units: c, Weights: append([]float64(nil), rawData(l.W)...), Bias: l.B, Frozen: l.Frozen}
		if hidden {
			a := l.Activation
			out.Activation = &a
		}
		return out
	}
	j := &modelJSON{
		Format: modelFormat, Version: modelVersion, Classes: m.Classes,
		Inputs:   inputsJSON{Features: m.Inputs.Features, Crosses: m.Inputs.Crosses, Mean: m.Inputs.Mean, Scale: m.Inputs.Scale},
		Hidden:   []layerJSON{}, // [] rather than null for no hidden layers, as the format says
		Output:   layer(&m.Output, false),
		Training: t,
	}
	for i := range m.Hidden {
		j.Hidden = append(j.Hidden, layer(&m.Hidden[i], true))
	}
	return j, nil
}

// WriteJSON writes the network as a model file to w.
func (m *MLP) WriteJSON(w io.Writer) error { return m.writeJSON(w, nil) }

func (m *MLP) writeJSON(w io.Writer, t *trainingJSON) error {
	j, err := m.toJSON(t)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(j)
}

// Save writes the network to a model file at path. The file is replaced whole or not at all:
// a failed save never leaves a half-written file in place of a good one.
func (m *MLP) Save(path string) error { return m.save(path, nil) }

func (m *MLP) save(path string, t *trainingJSON) error {
	if err := safefile.Write(path, func(w io.Writer) error { return m.writeJSON(w, t) }); err != nil {
		return fmt.Errorf("dlkit: saving %s: %w", path, err)
	}
	return nil
}

// ReadMLP reads a network from a model file's contents.
func ReadMLP(r io.Reader) (*MLP, error) {
	m, _, err := readModel(r)
	return m, err
}

// LoadMLP reads a network from the model file at path.
func LoadMLP(path string) (*MLP, error) {
	m, _, err := loadModel(path)
	return m, err
}

func loadModel(path string) (*MLP, *trainingJSON, error) {
	f, err := openModel(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	m, t, err := readModel(f)
	if err != nil {
		return nil, nil, within(path, err)
	}
	return m, t, nil
}

func readModel(r io.Reader) (*MLP, *trainingJSON, error) {
	b, err := readModelBytes(r)
	if err != nil {
		return nil, nil, err
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("dlkit: model file: %s: %w", fmt.Sprintf(format, args...), ErrModelFile)
	}
	var j modelJSON
	if err := decodeModel(b, modelFormat, &j); err != nil {
		return nil, nil, err
	}
	if err := CheckSize("hidden layers", len(j.Hidden), MaxLayers); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", within("model file", err), ErrModelFile)
	}
	m := &MLP{Classes: j.Classes, Inputs: Inputs{Features: j.Inputs.Features, Crosses: j.Inputs.Crosses, Mean: j.Inputs.Mean, Scale: j.Inputs.Scale}}
	layer := func(name string, lj layerJSON) (Layer, error) {
		if lj.Inputs < 1 || lj.Units < 1 {
			return Layer{}, bad("%s has %d inputs and %d units, want at least 1 of each", name, lj.Inputs, lj.Units)
		}
		// The sizes are checked before the matrix is made: their product must not overflow.
		n, err := MulSize("weights ("+name+"'s inputs × units)", MaxParams, lj.Inputs, lj.Units)
		if err != nil {
			return Layer{}, fmt.Errorf("%w: %w", within("model file", err), ErrModelFile)
		}
		if len(lj.Weights) != n {
			return Layer{}, bad("%s: %d weights for %d inputs × %d units", name, len(lj.Weights), lj.Inputs, lj.Units)
		}
		l := Layer{W: mat.NewDense(lj.Inputs, lj.Units, lj.Weights), B: lj.Bias, Frozen: lj.Frozen}
		if lj.Activation != nil {
			l.Activation = *lj.Activation
		}
		return l, nil
	}
	for i, h := range j.Hidden {
		if h.Activation == nil {
			return nil, nil, bad("hidden layer %d has no activation", i)
		}
		l, err := layer(fmt.Sprintf("hidden layer %d", i), h)
		if err != nil {
			return nil, nil, err
		}
		m.Hidden = append(m.Hidden, l)
	}
	if j.Output.Activation != nil {
		return nil, nil, bad("the output layer has an activation; its logits go through the sigmoid or softmax")
	}
	if m.Output, err = layer("output layer", j.Output); err != nil {
		return nil, nil, err
	}
	if err := m.Check(); err != nil {
		return nil, nil, fmt.Errorf("%w: %w", err, ErrModelFile)
	}
	if t := j.Training; t != nil {
		if len(t.Accuracy) != len(t.Loss) || t.Params != nil && len(t.Params) != len(t.Loss) {
			return nil, nil, bad("training: %d losses, %d accuracies and %d parameter sets, want one of each per epoch", len(t.Loss), len(t.Accuracy), len(t.Params))
		}
		for e, p := range t.Params {
			if len(p) != m.NumParams() {
				return nil, nil, bad("training: %d parameters after epoch %d, the network has %d", len(p), e+1, m.NumParams())
			}
		}
	}
	return m, j.Training, nil
}

// readModelBytes reads a model file's contents, at most MaxModelBytes of them. What cannot be
// a JSON object — the first character after spaces (and a byte order mark, which is skipped) is
// not { — is refused at once, not read to the end.
func readModelBytes(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(io.LimitReader(r, MaxModelBytes+1))
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err == io.EOF {
			return nil, fmt.Errorf("dlkit: model file: empty: %w", ErrModelFile)
		}
		if err != nil {
			return nil, fmt.Errorf("dlkit: reading model: %w", err)
		}
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			continue
		}
		if c != '{' {
			return nil, fmt.Errorf("dlkit: model file: not JSON: it starts with %q, not {: %w", c, ErrModelFile)
		}
		br.UnreadByte()
		break
	}
	b, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("dlkit: reading model: %w", err)
	}
	if int64(len(b)) > MaxModelBytes {
		return nil, fmt.Errorf("dlkit: model file: more than %d bytes, beyond the limit (dlkit.MaxModelBytes): %w: %w", MaxModelBytes, ErrLimit, ErrModelFile)
	}
	return b, nil
}

// openModel opens a model file, refusing one larger than MaxModelBytes before reading it.
func openModel(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dlkit: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > MaxModelBytes {
		f.Close()
		return nil, fmt.Errorf("dlkit: %s: %d bytes, beyond the limit of %d (dlkit.MaxModelBytes): %w: %w", path, fi.Size(), MaxModelBytes, ErrLimit, ErrModelFile)
	}
	return f, nil
}

// decodeModel decodes a model file of the given format into v, strictly: no unknown fields.
// The format and version are checked first, so that a newer file is reported as such rather
// than as one with unknown fields.
func decodeModel(b []byte, format string, v any) error {
	bad := func(f string, args ...any) error {
		return fmt.Errorf("dlkit: model file: %s: %w", fmt.Sprintf(f, args...), ErrModelFile)
	}
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return bad("truncated or not JSON (%v)", err)
	}
	if head.Format != format {
		return bad("format %q, want %q", head.Format, format)
	}
	if head.Version != modelVersion {
		return bad("version %d, this Percept reads version %d", head.Version, modelVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bad("%v", err)
	}
	return nil
}

// A perceptron's model file (format "percept-perceptron", version 1) holds its weights, bias
// and activation:
//
//	{"format": "percept-perceptron", "version": 1, "weights": [2, 3], "bias": 0.1, "activation": "step"}
const perceptronFormat = "percept-perceptron"

type perceptronJSON struct {
	Format     string     `json:"format"`
	Version    int        `json:"version"`
	Weights    []float64  `json:"weights"`
	Bias       float64    `json:"bias"`
	Activation Activation `json:"activation"`
}

// Save writes the perceptron to a model file at path, replacing it whole or not at all.
func (p *Perceptron) Save(path string) error {
	if err := p.check(len(p.Weights)); err != nil {
		return err
	}
	if err := CheckSize("weights", len(p.Weights), MaxFeatures); err != nil {
		return err
	}
	j := perceptronJSON{perceptronFormat, modelVersion, p.Weights, p.Bias, p.Activation}
	err := safefile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(j)
	})
	if err != nil {
		return fmt.Errorf("dlkit: saving %s: %w", path, err)
	}
	return nil
}

// LoadPerceptron reads a perceptron from the model file at path.
func LoadPerceptron(path string) (*Perceptron, error) {
	f, err := openModel(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := ReadPerceptron(f)
	if err != nil {
		return nil, within(path, err)
	}
	return p, nil
}

// ReadPerceptron reads a perceptron from a model file's contents.
func ReadPerceptron(r io.Reader) (*Perceptron, error) {
	b, err := readModelBytes(r)
	if err != nil {
		return nil, err
	}
	var j perceptronJSON
	if err := decodeModel(b, perceptronFormat, &j); err != nil {
		return nil, err
	}
	if err := CheckSize("weights", len(j.Weights), MaxFeatures); err != nil {
		return nil, fmt.Errorf("%w: %w", within("model file", err), ErrModelFile)
	}
	p := &Perceptron{Weights: j.Weights, Bias: j.Bias, Activation: j.Activation}
	if err := p.check(len(p.Weights)); err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrModelFile)
	}
	return p, nil
}
