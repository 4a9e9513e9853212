package dlkit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// MLP is a multi-layer perceptron: a classifier made of fully connected layers. A point x
// first goes through the Inputs stage (optional feature crosses, then standardisation), then
// through each hidden layer,
//
//	h₀ = inputs(x),   hₗ = a(hₗ₋₁·Wₗ + bₗ)   for l = 1, ..., L
//
// and then through the output layer, whose values are logits z = h_L·W + b. With two classes
// there is one logit and P(label 1) = σ(z); with c > 2 classes there are c logits and the
// class probabilities are their softmax, P(k) = e^(z_k) / Σⱼ e^(z_j).
//
// An MLP with no hidden layers and two classes is logistic regression: the sigmoid perceptron
// σ(w·x + b) (see [Logistic]).
type MLP struct {
	Inputs  Inputs
	Hidden  []Layer
	Output  Layer
	Classes int // 2 or more
}

// Layer is a fully connected layer: for a batch of inputs H (one per row) its outputs are
// a(H·W + b), with W of size inputs×outputs, so column j holds the weights into unit j.
type Layer struct {
	W          *mat.Dense
	B          []float64  // one per unit; nil for a layer without biases
	Activation Activation // of a hidden layer; the output layer's logits have none
	// Frozen layers keep their weights and biases during training; gradients still pass
	// through them to the layers below. Freezing the hidden layers of a trained network and
	// training a new output layer on top reuses what they learned (transfer learning).
	Frozen bool
}

// Init chooses how NewMLP draws the initial weights.
type Init uint8

const (
	// InitAuto is He for ReLU layers and Xavier for the others.
	InitAuto Init = iota
	// Xavier (Glorot and Bengio, 2010) draws weights uniformly from ±√(6/(inputs+outputs)),
	// which keeps the size of signals and gradients steady through sigmoid and tanh layers.
	Xavier
	// He (He et al., 2015) draws weights from a normal distribution with standard deviation
	// √(2/inputs), which does the same for ReLU layers, where half the units are off.
	He
)

// MLPConfig describes a network for NewMLP.
type MLPConfig struct {
	Features   int        // raw input features
	Crosses    []Cross    // optional extra inputs (see Cross)
	Omit       []int      // raw features that are not inputs themselves (see Inputs)
	Hidden     []int      // the width of each hidden layer; none for logistic regression
	Activation Activation // of the hidden layers: Sigmoid, Tanh, ReLU or Linear
	Classes    int        // 2 (also when 0) or more
	Init       Init
	Seed       uint64 // for the initial weights
}

// NewMLP returns a network with the given shape and random initial weights (biases start at 0).
// The same config always gives the same weights. The config is checked first (Check).
func NewMLP(c MLPConfig) (*MLP, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if c.Classes == 0 {
		c.Classes = 2
	}
	m := &MLP{Inputs: Inputs{Features: c.Features, Crosses: slices.Clone(c.Crosses), Omit: slices.Clone(c.Omit)}, Classes: c.Classes}
	rng := rand.New(rand.NewPCG(c.Seed, 0x1217))
	in := m.Inputs.Width()
	for _, w := range c.Hidden {
		m.Hidden = append(m.Hidden, newLayer(in, w, c.Activation, c.Init, rng))
		in = w
	}
	m.Output = newLayer(in, m.outputs(), 0, Xavier, rng)
	return m, nil
}

// Check returns an error if NewMLP cannot make the network the config describes, without
// allocating anything: at least one feature (two for crosses), defined crosses, none twice,
// widths of at least 1, a differentiable activation for hidden layers, at least 2 classes, and
// sizes within the limits (MaxFeatures, MaxLayers, MaxClasses, MaxUnits, MaxParams).
func (c MLPConfig) Check() error {
	if c.Features < 1 {
		return fmt.Errorf("dlkit: a network needs at least one input feature, got %d: %w", c.Features, ErrShape)
	}
	if len(c.Crosses) > 0 && c.Features < 2 {
		return fmt.Errorf("dlkit: feature crosses need 2 features, got %d: %w", c.Features, ErrShape)
	}
	if err := checkCrosses(c.Crosses); err != nil {
		return err
	}
	inputs := Inputs{Features: c.Features, Crosses: c.Crosses, Omit: c.Omit}
	if err := inputs.checkOmit(); err != nil {
		return err
	}
	if err := CheckSize("hidden layers", len(c.Hidden), MaxLayers); err != nil {
		return err
	}
	for i, w := range c.Hidden {
		if w < 1 {
			return fmt.Errorf("dlkit: hidden layer %d has width %d: %w", i, w, ErrShape)
		}
	}
	if len(c.Hidden) > 0 && !c.Activation.Differentiable() {
		return fmt.Errorf("dlkit: hidden activation %v cannot be trained by gradients; use sigmoid, tanh, relu or linear", c.Activation)
	}
	classes := c.Classes
	if classes == 0 {
		classes = 2
	}
	if classes < 2 {
		return fmt.Errorf("dlkit: %d classes: want at least 2", c.Classes)
	}
	if c.Init > He {
		return fmt.Errorf("dlkit: undefined Init %d", c.Init)
	}
	return checkSizes(inputs, c.Hidden, classes)
}

func newLayer(in, out int, act Activation, init Init, rng *rand.Rand) Layer {
	w := make([]float64, in*out)
	if init == He || init == InitAuto && act == ReLU {
		sd := math.Sqrt(2 / float64(in))
		for i := range w {
			w[i] = sd * rng.NormFloat64()
		}
	} else {
		r := math.Sqrt(6 / float64(in+out))
		for i := range w {
			w[i] = r * (2*rng.Float64() - 1)
		}
	}
	return Layer{W: mat.NewDense(in, out, w), B: make([]float64, out), Activation: act}
}

// Logistic returns logistic regression with the given weights and bias as an MLP: no hidden
// layers, two classes, P(label 1) = σ(w·x + b), the sigmoid perceptron. Train it like any MLP;
// set Output.B to nil first to train the weights alone, with no bias.
func Logistic(w []float64, b float64) *MLP {
	return &MLP{
		Inputs:  Inputs{Features: len(w)},
		Output:  Layer{W: mat.NewDense(len(w), 1, append([]float64(nil), w...)), B: []float64{b}},
		Classes: 2,
	}
}

// FreezeHidden sets every hidden layer's Frozen to frozen.
func (m *MLP) FreezeHidden(frozen bool) {
	for i := range m.Hidden {
		m.Hidden[i].Frozen = frozen
	}
}

// ReplaceOutput gives the network a new output layer for the given number of classes, with
// Xavier-initialised weights drawn with seed and zero biases, keeping the hidden layers: the
// usual first step of transfer learning, when a trained network is to tell other classes
// apart.
func (m *MLP) ReplaceOutput(classes int, seed uint64) error {
	if classes < 2 {
		return fmt.Errorf("dlkit: %d classes: want at least 2", classes)
	}
	if err := m.Check(); err != nil {
		return err
	}
	if err := checkSizes(m.Inputs, m.widths(), classes); err != nil {
		return err
	}
	in := m.Inputs.Width()
	if len(m.Hidden) > 0 {
		_, in = m.Hidden[len(m.Hidden)-1].W.Dims()
	}
	m.Classes = classes
	m.Output = newLayer(in, m.outputs(), 0, Xavier, rand.New(rand.NewPCG(seed, 0x1217)))
	return nil
}

// outputs is the number of logits: 1 for two classes, one per class otherwise.
func (m *MLP) outputs() int {
	if m.Classes == 2 {
		return 1
	}
	return m.Classes
}

// Check returns an error if the network is not well formed: layer shapes that do not chain,
// biases of the wrong length, non-finite parameters, undefined activations.
func (m *MLP) Check() error {
	if m.Classes < 2 {
		return fmt.Errorf("dlkit: network has %d classes, want at least 2", m.Classes)
	}
	in := &m.Inputs
	if in.Features < 1 || len(in.Crosses) > 0 && in.Features < 2 {
		return fmt.Errorf("dlkit: network takes %d features with %d crosses: %w", in.Features, len(in.Crosses), ErrShape)
	}
	if err := checkCrosses(in.Crosses); err != nil {
		return err
	}
	for l := range len(m.Hidden) + 1 {
		if m.layer(l).W == nil {
			return fmt.Errorf("dlkit: %s has no weights: %w", m.layerName(l), ErrEmpty)
		}
	}
	if err := in.checkOmit(); err != nil {
		return err
	}
	if err := checkSizes(m.Inputs, m.widths(), m.Classes); err != nil {
		return err
	}
	if in.Mean != nil || in.Scale != nil {
		if len(in.Mean) != in.Width() || len(in.Scale) != in.Width() {
			return fmt.Errorf("dlkit: standardisation has %d means and %d scales for %d inputs: %w", len(in.Mean), len(in.Scale), in.Width(), ErrShape)
		}
		if err := checkFinite("Inputs.Mean", in.Mean); err != nil {
			return err
		}
		if err := checkFinite("Inputs.Scale", in.Scale); err != nil {
			return err
		}
		for i, s := range in.Scale {
			if s <= 0 {
				return fmt.Errorf("dlkit: Inputs.Scale[%d] is %v, want > 0", i, s)
			}
		}
	}
	width := in.Width()
	for l := range len(m.Hidden) + 1 {
		layer, name := m.layer(l), m.layerName(l)
		if l < len(m.Hidden) && !layer.Activation.Differentiable() {
			return fmt.Errorf("dlkit: %s has activation %v, want sigmoid, tanh, relu or linear", name, layer.Activation)
		}
		r, c := layer.W.Dims()
		if r != width {
			return fmt.Errorf("dlkit: %s takes %d inputs, the layer before gives %d: %w", name, r, width, ErrShape)
		}
		if l == len(m.Hidden) && c != m.outputs() {
			return fmt.Errorf("dlkit: output layer has %d units, %d classes need %d: %w", c, m.Classes, m.outputs(), ErrShape)
		}
		if layer.B != nil && len(layer.B) != c {
			return fmt.Errorf("dlkit: %s has %d units but %d biases: %w", name, c, len(layer.B), ErrShape)
		}
		if err := checkFinite(name+" weights", rawData(layer.W)); err != nil {
			return err
		}
		if err := checkFinite(name+" biases", layer.B); err != nil {
			return err
		}
		width = c
	}
	return nil
}

// checkData returns an error unless the network is well formed (Check) and can learn from or
// be measured on d: d has the features it takes, and no label beyond its classes.
func (m *MLP) checkData(d *Dataset) error {
	if err := m.Check(); err != nil {
		return err
	}
	if err := m.Inputs.checkFeatures(d.Dim(), "the data has"); err != nil {
		return err
	}
	return d.checkClasses(m.Classes, fmt.Sprintf("the network (%d classes)", m.Classes))
}

// checkSizes checks the sizes of a network with the given inputs, hidden layer widths and
// classes against the limits, before anything of those sizes is allocated: MaxFeatures,
// MaxLayers, MaxClasses, MaxUnits for all the layers' units together, and MaxParams for
// their weights and biases, every product checked before it is formed.
func checkSizes(in Inputs, hidden []int, classes int) error {
	if err := CheckSize("features", in.Features, MaxFeatures); err != nil {
		return err
	}
	if err := CheckSize("hidden layers", len(hidden), MaxLayers); err != nil {
		return err
	}
	if err := CheckSize("classes", classes, MaxClasses); err != nil {
		return err
	}
	outputs := classes
	if classes == 2 {
		outputs = 1
	}
	units, params, width := 0, 0, in.Width()
	for l := range len(hidden) + 1 {
		name, w := "the output layer", outputs
		if l < len(hidden) {
			name, w = fmt.Sprintf("hidden layer %d", l), hidden[l]
		}
		if err := CheckSize("units in "+name, w, MaxUnits); err != nil {
			return err
		}
		if units += w; units > MaxUnits { // no overflow: both terms are at most MaxUnits
			return CheckSize(fmt.Sprintf("units in the network's layers (to %s)", name), units, MaxUnits)
		}
		p, err := MulSize("weights and biases in "+name, MaxParams, width+1, w) // the +1: biases
		if err != nil {
			return err
		}
		if params += p; params > MaxParams {
			return CheckSize(fmt.Sprintf("weights and biases in the network (to %s)", name), params, MaxParams)
		}
		width = w
	}
	return nil
}

// widths returns the widths of the hidden layers.
func (m *MLP) widths() []int {
	w := make([]int, len(m.Hidden))
	for l := range m.Hidden {
		_, w[l] = m.Hidden[l].W.Dims()
	}
	return w
}

// layerName names layer l in messages: "hidden layer 0", ..., "output layer".
func (m *MLP) layerName(l int) string {
	if l == len(m.Hidden) {
		return "output layer"
	}
	return fmt.Sprintf("hidden layer %d", l)
}

// NumParams returns the number of weights and biases in the network.
func (m *MLP) NumParams() int {
	n := 0
	for l := range len(m.Hidden) + 1 {
		r, c := m.layer(l).W.Dims()
		n += r*c + len(m.layer(l).B)
	}
	return n
}

// Shape returns the number of units of each layer, the network's inputs first and its
// outputs last: [2, 64, 64, 1] for two features through two hidden layers of 64 to one logit.
func (m *MLP) Shape() []int {
	w := []int{m.Inputs.Width()}
	for l := range len(m.Hidden) + 1 {
		_, c := m.layer(l).W.Dims()
		w = append(w, c)
	}
	return w
}

// allParams returns a copy of every layer's weights (row by row) and then its biases, hidden
// layers first, frozen ones too: History.Params's order, NumParams values.
func (m *MLP) allParams() []float64 {
	p := make([]float64, 0, m.NumParams())
	for l := range len(m.Hidden) + 1 {
		p = append(append(p, rawData(m.layer(l).W)...), m.layer(l).B...)
	}
	return p
}

// layer returns hidden layer l, or the output layer for l = len(m.Hidden).
func (m *MLP) layer(l int) *Layer {
	if l == len(m.Hidden) {
		return &m.Output
	}
	return &m.Hidden[l]
}

// rawData returns a matrix's elements in row-major order, copying only if it is a view.
func rawData(w *mat.Dense) []float64 {
	raw := w.RawMatrix()
	if raw.Stride == raw.Cols {
		return raw.Data[:raw.Rows*raw.Cols]
	}
	return mat.DenseCopyOf(w).RawMatrix().Data
}

// Clone returns a deep copy of the network.
func (m *MLP) Clone() *MLP {
	c := &MLP{
		Inputs: Inputs{
			Features: m.Inputs.Features,
			Crosses:  append([]Cross(nil), m.Inputs.Crosses...),
			Omit:     append([]int(nil), m.Inputs.Omit...),
			Mean:     append([]float64(nil), m.Inputs.Mean...),
			Scale:    append([]float64(nil), m.Inputs.Scale...),
		},
		Classes: m.Classes,
	}
	if m.Inputs.Mean == nil {
		c.Inputs.Mean, c.Inputs.Scale = nil, nil
	}
	cloneLayer := func(l Layer) Layer {
		out := Layer{W: mat.DenseCopyOf(l.W), Activation: l.Activation, Frozen: l.Frozen}
		if l.B != nil {
			out.B = append([]float64(nil), l.B...)
		}
		return out
	}
	for _, l := range m.Hidden {
		c.Hidden = append(c.Hidden, cloneLayer(l))
	}
	c.Output = cloneLayer(m.Output)
	return c
}

// Proba returns the class probabilities for one raw point x, in dst (reused if it has room).
// For two classes they are [1 − p, p] with p = P(label 1).
func (m *MLP) Proba(dst, x []float64) ([]float64, error) {
	f, err := m.one(x, false)
	if err != nil {
		return nil, err
	}
	return f.proba(resize(dst, m.Classes), 0), nil
}

// Forward returns P(label 1) for one raw point x of a two-class network. (With more classes
// it returns an error: use Proba.) It makes *MLP usable wherever a *Perceptron is.
func (m *MLP) Forward(x []float64) (float64, error) {
	if m.Classes != 2 {
		return 0, fmt.Errorf("dlkit: Forward gives P(label 1) of a two-class network; this one has %d classes, use Proba", m.Classes)
	}
	p, err := m.Proba(nil, x)
	if err != nil {
		return 0, err
	}
	return p[1], nil
}

// Predict returns the most probable class of one raw point x (for two classes: 1 where
// P(label 1) > 0.5).
func (m *MLP) Predict(x []float64) (int, error) {
	f, err := m.one(x, false)
	if err != nil {
		return 0, err
	}
	return f.predict(0), nil
}

// one passes the point x through m, checking the point and the result (and with hidden, the
// hidden layers' outputs).
func (m *MLP) one(x []float64, hidden bool) (*forward, error) {
	if err := m.checkPoint(x); err != nil {
		return nil, err
	}
	var f forward
	f.run(m, mat.NewDense(1, len(x), append([]float64(nil), x...)))
	if i, v := f.nonFinite(hidden); i >= 0 {
		return nil, fmt.Errorf("dlkit: %w", overflowError(v))
	}
	return &f, nil
}

// ProbaBatch returns the class probabilities of every point, one per row of x, as an
// n×Classes matrix. A network output that is not finite (weights too large for a point) is
// an error naming the point's row, as for every batch method.
func (m *MLP) ProbaBatch(x mat.Matrix) (*mat.Dense, error) {
	if err := m.checkPoints(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	p := mat.NewDense(n, m.Classes, nil)
	err := m.forEachBatch(x, nil, false, func(lo int, f *forward) error {
		rows, _ := f.logits.Dims()
		for i := range rows {
			f.proba(p.RawRowView(lo+i), i)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PredictBatch returns the most probable class of every point, one per row of x, in dst
// (reused if it has room).
func (m *MLP) PredictBatch(dst []int, x mat.Matrix) ([]int, error) {
	if err := m.checkPoints(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	dst = resize(dst, n)
	err := m.forEachBatch(x, nil, false, func(lo int, f *forward) error {
		rows, _ := f.logits.Dims()
		for i := range rows {
			dst[lo+i] = f.predict(i)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return dst, nil
}

// PredictEach passes the points through m a batch at a time and calls f for each batch in
// order, with its first point lo, the class probabilities of its points (one row per point,
// n×Classes) and their most probable classes; f's arguments are reused from call to call. It
// needs memory for one batch, however many points there are.
//
// Everything is checked before f is first called: the points have the features m takes, each
// label (if p has labels) is one of m's classes, and m's output is finite for every point
// (weights too large for a point make it overflow). For the last check PredictEach passes the
// points through m twice, once to check and once for f, so that what f writes out is never cut
// short by an error. The errors name the point at fault, with its file and line if p was read
// from a file.
func (m *MLP) PredictEach(p *Points, f func(lo int, proba *mat.Dense, classes []int) error) error {
	if err := m.checkPoints(p.X); err != nil {
		return err
	}
	for i, y := range p.Labels {
		if err := checkLabel(y, m.Classes); err != nil {
			return fmt.Errorf("dlkit: %s: label %w", p.Where(i), err)
		}
	}
	if err := m.forEachBatch(p.X, p.src, false, func(int, *forward) error { return nil }); err != nil {
		return err
	}
	var (
		proba   mat.Dense
		classes []int
	)
	return m.forEachBatch(p.X, p.src, false, func(lo int, fw *forward) error {
		n, _ := fw.logits.Dims()
		size(&proba, n, m.Classes)
		classes = resize(classes, n)
		for i := range n {
			fw.proba(proba.RawRowView(i), i)
			classes[i] = fw.predict(i)
		}
		return f(lo, &proba, classes)
	})
}

// Activations returns the outputs of every hidden layer for one raw point x: result[l][j] is
// unit j of hidden layer l. It shows what each unit responds to.
func (m *MLP) Activations(x []float64) ([][]float64, error) {
	f, err := m.one(x, true)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, len(m.Hidden))
	for l, h := range f.hidden {
		out[l] = append([]float64(nil), h.RawRowView(0)...)
	}
	return out, nil
}

func (m *MLP) checkPoint(x []float64) error {
	if err := m.Check(); err != nil {
		return err
	}
	if err := m.Inputs.checkFeatures(len(x), "the point has"); err != nil {
		return err
	}
	return checkFinite("x", x)
}

func (m *MLP) checkPoints(x mat.Matrix) error {
	if err := m.Check(); err != nil {
		return err
	}
	n, k := x.Dims()
	if err := m.Inputs.checkFeatures(k, "the points have"); err != nil {
		return err
	}
	row := make([]float64, k)
	for i := range n {
		if err := checkFiniteRow(i, mat.Row(row, i, x)); err != nil {
			return err
		}
	}
	return nil
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
