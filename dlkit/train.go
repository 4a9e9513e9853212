package dlkit

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/percept-go/percept/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// TrainConfig says how Train fits a network.
type TrainConfig struct {
	// Optimizer updates the parameters from their gradients: an SGD or an Adam (or a pointer
	// to one, which trains the same).
	Optimizer Optimizer
	// Epochs is the most passes over the data, from 1 to MaxEpochs.
	Epochs int
	// BatchSize is the number of points per gradient step; 0 (or the data's size or more)
	// means full-batch gradient descent, one step per epoch. With mini-batches the points are
	// shuffled at the start of every epoch, by a generator seeded with Seed. A batch keeps the
	// inputs, every layer's outputs and their gradients for each of its points: at most
	// MaxValues numbers in all.
	BatchSize int
	Seed      uint64
	// TargetLoss, if above 0, stops training after the first epoch whose loss is at most it.
	TargetLoss float64
	// TargetAccuracy, if above 0, stops training after the first epoch after which the
	// network labels at least this fraction of the data right. (It costs a forward pass over
	// the data per epoch.)
	TargetAccuracy float64
	// Patience, if above 0, stops training once the loss has not improved on the best so far
	// by more than Tolerance for Patience epochs in a row, as scikit-learn does.
	Patience  int
	Tolerance float64
	// L1 and L2 add λ₁·Σ|w| + (λ₂/2)·Σw² over every weight (not the biases) to what is
	// minimised, which pulls weights towards 0. The losses Train reports are the
	// cross-entropy alone.
	L1, L2 float64
	// KeepParams records every parameter after each epoch in History.Params, to trace a
	// small model's path (it costs one copy of the parameters per epoch: at most MaxParams
	// numbers in all).
	KeepParams bool
	// OnEpoch, if set, is called after every epoch; returning false stops training. The
	// Epoch's Model is the network being trained: read it, or Clone it to keep a snapshot.
	OnEpoch func(Epoch) bool
}

// Epoch reports one pass over the data.
type Epoch struct {
	Epoch    int     // from 1
	Epochs   int     // the most there will be (TrainConfig.Epochs)
	Loss     float64 // mean cross-entropy over the epoch (see History)
	Accuracy float64 // fraction of points predicted right
	Model    *MLP
}

// History is what Train reports, one value per epoch. Each epoch's loss and accuracy are
// measured on the batches as they come, before each batch's update: for full-batch training,
// the loss of epoch e is the loss of the parameters that epoch started with.
type History struct {
	Loss     []float64
	Accuracy []float64
	// Params, with TrainConfig.KeepParams, holds the parameters after each epoch: every
	// layer's weights (row by row) and then its biases, hidden layers first.
	Params [][]float64
	// Stop says why training ended: "epochs", "target loss", "target accuracy",
	// "no improvement" (Patience) or "OnEpoch".
	Stop string
}

// Optimizer is a rule for updating parameters from gradients: SGD or Adam. A pointer to one
// is an Optimizer too, and trains as the value it points to.
type Optimizer interface {
	start(sizes []int) stepper
}

// optimizerValue returns the SGD or Adam that o points to, if it is a pointer (nil for a nil
// pointer: no optimizer), and o otherwise.
func optimizerValue(o Optimizer) Optimizer {
	switch p := o.(type) {
	case *SGD:
		if p == nil {
			return nil
		}
		return *p
	case *Adam:
		if p == nil {
			return nil
		}
		return *p
	}
	return o
}

// stepper is an optimizer with its state for one training run.
type stepper interface {
	step(params, grads [][]float64)
}

// SGD is stochastic gradient descent with optional momentum μ (as PyTorch does it):
//
//	v ← μ·v + g,   p ← p − LearningRate·v
type SGD struct {
	LearningRate float64
	Momentum     float64
}

// Adam is the Adam optimizer (Kingma and Ba, 2015), with the usual defaults for zero fields:
// Beta1 0.9, Beta2 0.999, Epsilon 1e-8.
//
//	m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,   p ← p − lr·m̂/(√v̂ + ε)
//
// where m̂ = m/(1−β₁ᵗ) and v̂ = v/(1−β₂ᵗ) correct for the zero start at step t.
type Adam struct {
	LearningRate, Beta1, Beta2, Epsilon float64
}

func (o SGD) start(sizes []int) stepper { return &sgdState{SGD: o, v: buffers(sizes)} }

func (o Adam) start(sizes []int) stepper {
	if o.Beta1 == 0 {
		o.Beta1 = 0.9
	}
	if o.Beta2 == 0 {
		o.Beta2 = 0.999
	}
	if o.Epsilon == 0 {
		o.Epsilon = 1e-8
	}
	return &adamState{Adam: o, m: buffers(sizes), v: buffers(sizes)}
}

func buffers(sizes []int) [][]float64 {
	b := make([][]float64, len(sizes))
	for i, n := range sizes {
		b[i] = make([]float64, n)
	}
	return b
}

type sgdState struct {
	SGD
	v [][]float64
}

func (s *sgdState) step(params, grads [][]float64) {
	for i, p := range params {
		g := grads[i]
		if s.Momentum == 0 {
			for j := range p {
				p[j] -= s.LearningRate * g[j]
			}
			continue
		}
		v := s.v[i]
		for j := range p {
			v[j] = s.Momentum*v[j] + g[j]
			p[j] -= s.LearningRate * v[j]
		}
	}
}

type adamState struct {
	Adam
	t    int
	m, v [][]float64
}

func (s *adamState) step(params, grads [][]float64) {
	s.t++
	k := kernels.AdamStep{LR: s.LearningRate, Beta1: s.Beta1, Beta2: s.Beta2, Eps: s.Epsilon,
		C1: 1 - math.Pow(s.Beta1, float64(s.t)), C2: 1 - math.Pow(s.Beta2, float64(s.t))}
	for i, p := range params {
		kernels.Adam(p, s.m[i], s.v[i], grads[i], k) // the update above, in one pass
	}
}

func checkOptimizer(o Optimizer) error {
	var lr, mom float64
	switch o := o.(type) {
	case SGD:
		lr, mom = o.LearningRate, o.Momentum
	case Adam:
		lr = o.LearningRate
		for _, b := range []float64{o.Beta1, o.Beta2} {
			if !(b >= 0 && b < 1) {
				return fmt.Errorf("dlkit: Adam beta %v, want 0 ≤ β < 1", b)
			}
		}
		if !(o.Epsilon >= 0) {
			return fmt.Errorf("dlkit: Adam epsilon %v, want ≥ 0", o.Epsilon)
		}
	case nil:
		return errors.New("dlkit: TrainConfig.Optimizer is not set: use dlkit.SGD{...} or dlkit.Adam{...}")
	default:
		return fmt.Errorf("dlkit: unknown optimizer %T", o)
	}
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("dlkit: learning rate %v, want a finite value > 0", lr)
	}
	if !(mom >= 0 && mom < 1) {
		return fmt.Errorf("dlkit: momentum %v, want 0 ≤ μ < 1", mom)
	}
	return nil
}

// ErrDiverged is returned (wrapped) when training produces a loss or parameter that is NaN or
// infinite, which usually means the learning rate is too large.
var ErrDiverged = errors.New("training diverged")

// Train fits the network m to the data by minimising the mean cross-entropy with gradient
// descent, changing m's parameters in place, and returns the loss and accuracy of every
// epoch. The data's labels must be class numbers below m.Classes.
//
// Each step passes a batch forward, backpropagates the gradient of its mean loss, and lets
// the optimizer update every weight and bias. Nothing is allocated per point or per step once
// the first batch is done.
func Train(m *MLP, d *Dataset, c TrainConfig) (History, error) {
	if err := m.checkData(d); err != nil {
		return History{}, err
	}
	c.Optimizer = optimizerValue(c.Optimizer)
	if err := checkOptimizer(c.Optimizer); err != nil {
		return History{}, err
	}
	if c.Epochs < 1 {
		return History{}, fmt.Errorf("dlkit: %d epochs, want at least 1", c.Epochs)
	}
	if err := CheckSize("epochs", c.Epochs, MaxEpochs); err != nil {
		return History{}, err
	}
	batch := c.BatchSize
	if batch <= 0 || batch > d.Len() {
		batch = d.Len()
	}
	if _, err := MulSize(fmt.Sprintf("values for a training batch (%d points × %d values for each)", batch, m.trainValues()), MaxValues, batch, m.trainValues()); err != nil {
		return History{}, fmt.Errorf("%w; use smaller batches", err)
	}
	if c.KeepParams {
		if _, err := MulSize(fmt.Sprintf("parameters kept for every epoch (%d epochs × %d parameters)", c.Epochs, m.NumParams()), MaxParams, c.Epochs, m.NumParams()); err != nil {
			return History{}, err
		}
	}
	for _, l := range []float64{c.L1, c.L2, c.TargetLoss, c.Tolerance} {
		if !(l >= 0) || math.IsInf(l, 0) {
			return History{}, fmt.Errorf("dlkit: L1, L2, TargetLoss and Tolerance must be finite and ≥ 0, got %v", l)
		}
	}
	if !(c.TargetAccuracy >= 0 && c.TargetAccuracy <= 1) {
		return History{}, fmt.Errorf("dlkit: TargetAccuracy %v, want a fraction between 0 and 1", c.TargetAccuracy)
	}
	if c.Patience < 0 {
		return History{}, fmt.Errorf("dlkit: Patience %d, want ≥ 0", c.Patience)
	}

	t, err := newTrainer(m, d, c)
	if err != nil {
		return History{}, err
	}
	var h History
	best, stale := math.Inf(1), 0
	for epoch := 1; epoch <= c.Epochs; epoch++ {
		loss, acc := t.epoch()
		if math.IsNaN(loss) || math.IsInf(loss, 0) || m.Check() != nil {
			return h, fmt.Errorf("dlkit: epoch %d: loss %v: %w (try a smaller learning rate)", epoch, loss, ErrDiverged)
		}
		h.Loss = append(h.Loss, loss)
		h.Accuracy = append(h.Accuracy, acc)
		if c.KeepParams {
			h.Params = append(h.Params, m.allParams())
		}
		if c.OnEpoch != nil && !c.OnEpoch(Epoch{Epoch: epoch, Epochs: c.Epochs, Loss: loss, Accuracy: acc, Model: m}) {
			h.Stop = "OnEpoch"
			return h, nil
		}
		if c.TargetLoss > 0 && loss <= c.TargetLoss {
			h.Stop = "target loss"
			return h, nil
		}
		if c.TargetAccuracy > 0 && t.accuracy() >= c.TargetAccuracy {
			h.Stop = "target accuracy"
			return h, nil
		}
		if c.Patience > 0 {
			if loss < best-c.Tolerance {
				stale = 0
			} else if stale++; stale >= c.Patience {
				h.Stop = "no improvement"
				return h, nil
			}
			best = math.Min(best, loss)
		}
	}
	h.Stop = "epochs"
	return h, nil
}

// accuracy returns the fraction of the training data the network now labels right. It passes
// the data through the network a batch at a time (evalRows), in a forward pass of its own.
func (t *trainer) accuracy() float64 {
	n, width := t.all.Dims()
	rows := t.m.evalRows()
	correct := 0
	for lo := 0; lo < n; lo += rows {
		hi := min(lo+rows, n)
		t.eval.layers(t.m, t.all.Slice(lo, hi, 0, width).(*mat.Dense))
		for i := range hi - lo {
			if float64(t.eval.predict(i)) == t.y[lo+i] {
				correct++
			}
		}
	}
	return float64(correct) / float64(n)
}

// trainValues is the number of values a training batch keeps for each of its points: its
// inputs (twice, as the network's and the batch's copy), and every layer's outputs and their
// gradients.
func (m *MLP) trainValues() int {
	v := 2 * m.Inputs.Width()
	for l := range len(m.Hidden) + 1 {
		_, c := m.layer(l).W.Dims()
		v += 2 * c
	}
	return v
}

// trainer holds everything one training run reuses from step to step.
type trainer struct {
	m       *MLP
	c       TrainConfig
	all     *mat.Dense // the network inputs of every point
	y       []float64
	batch   int
	g       gradients
	params  [][]float64
	grads   [][]float64
	weights []int // which of params are weights, for regularisation
	opt     stepper
	f       forward
	eval    forward // for accuracy
	dz      mat.Dense
	deltas  []mat.Dense
	wt      []float64 // scratch for a transposed weight matrix
	xb      [2]mat.Dense
	yb      [2][]float64
	perm    []int
	rng     *rand.Rand
}

// newTrainer prepares to train m on d; the arguments must have been checked. It returns an
// error if a point's network inputs (its crosses, or standardised values) are not finite.
func newTrainer(m *MLP, d *Dataset, c TrainConfig) (*trainer, error) {
	n, width := d.Len(), m.Inputs.Width()
	t := &trainer{m: m, c: c, y: d.y, batch: c.BatchSize}
	if m.Inputs.plain() {
		t.all = d.matrix() // the inputs are the points themselves: no copy
	} else {
		t.all = mat.NewDense(n, width, nil)
		for i := range n {
			row := t.all.RawRowView(i)
			m.Inputs.transform(row, d.Point(i))
			if j := firstNonFinite(row); j >= 0 {
				return nil, fmt.Errorf("dlkit: %s: network input %d (%s) is %v, beyond the float64 range: %w", d.where(i), j, m.Inputs.inputName(j, d), row[j], ErrNotFinite)
			}
		}
	}
	if t.batch <= 0 || t.batch > n {
		t.batch = n
	}
	layers := len(m.Hidden) + 1
	t.g = gradients{w: make([]mat.Dense, layers), b: make([][]float64, layers)}
	for l := range layers {
		layer := m.layer(l)
		if raw := layer.W.RawMatrix(); raw.Stride != raw.Cols {
			layer.W = mat.DenseCopyOf(layer.W) // contiguous, so its data can be updated in place
		}
		r, cols := layer.W.Dims()
		t.g.w[l].ReuseAs(r, cols)
		if layer.Frozen {
			continue // no gradients kept, no updates
		}
		t.weights = append(t.weights, len(t.params))
		t.params = append(t.params, layer.W.RawMatrix().Data)
		t.grads = append(t.grads, t.g.w[l].RawMatrix().Data)
		if layer.B != nil {
			t.g.b[l] = make([]float64, len(layer.B))
			t.params = append(t.params, layer.B)
			t.grads = append(t.grads, t.g.b[l])
		}
	}
	sizes := make([]int, len(t.params))
	for i, p := range t.params {
		sizes[i] = len(p)
	}
	t.opt = c.Optimizer.start(sizes)
	t.deltas = make([]mat.Dense, len(m.Hidden))
	t.yb = [2][]float64{make([]float64, t.batch), make([]float64, t.batch)}
	t.perm = make([]int, n)
	for i := range t.perm {
		t.perm[i] = i
	}
	t.rng = rand.New(rand.NewPCG(c.Seed, 0x7a1))
	t.f.sparse = mostlyZeros(t.all, 1000)
	return t, nil
}

// mostlyZeros reports whether at least half the values of x are 0, judged from about the
// given number of its rows, spread over it.
func mostlyZeros(x *mat.Dense, rows int) bool {
	n, k := x.Dims()
	zeros, seen := 0, 0
	for i := 0; i < n; i += max(1, n/rows) {
		for _, v := range x.RawRowView(i) {
			if v == 0 {
				zeros++
			}
		}
		seen += k
	}
	return 2*zeros >= seen
}

// epoch makes one pass over the data and returns its mean loss and accuracy.
func (t *trainer) epoch() (loss, accuracy float64) {
	n, _ := t.all.Dims()
	if t.batch < n {
		t.rng.Shuffle(n, func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		t.gather(0, 0)
	}
	var correct int
	for lo, b := 0, 0; lo < n; lo, b = lo+t.batch, 1-b {
		hi := min(lo+t.batch, n)
		in, y := t.all, t.y
		done := make(chan struct{})
		if t.batch < n {
			in, y = &t.xb[b], t.yb[b][:hi-lo]
			// The next batch's rows are copied meanwhile: reading them from all over the data
			// waits on memory, and this batch's serial steps leave a core free for it.
			go func() {
				if hi < n {
					t.gather(1-b, hi)
				}
				close(done)
			}()
		} else {
			close(done)
		}
		t.f.layers(t.m, in)
		l, k := t.f.outputGrad(&t.dz, y, 0)
		loss += l
		correct += k
		t.f.backward(t.m, in, &t.dz, &t.g, t.deltas, &t.wt)
		if t.c.L1 > 0 || t.c.L2 > 0 {
			for _, i := range t.weights {
				for j, w := range t.params[i] {
					t.grads[i][j] += t.c.L1*sign(w) + t.c.L2*w
				}
			}
		}
		t.opt.step(t.params, t.grads)
		<-done
	}
	return loss / float64(n), float64(correct) / float64(n)
}

// gather copies the inputs and labels of the batch that starts at lo (in the epoch's order)
// into buffer b of xb and yb: one for the batch that trains, the other for the next.
func (t *trainer) gather(b, lo int) {
	n, width := t.all.Dims()
	hi := min(lo+t.batch, n)
	size(&t.xb[b], hi-lo, width)
	for i, p := range t.perm[lo:hi] {
		copy(t.xb[b].RawRowView(i), t.all.RawRowView(p))
		t.yb[b][i] = t.y[p]
	}
}

func sign(w float64) float64 {
	switch {
	case w > 0:
		return 1
	case w < 0:
		return -1
	}
	return 0
}
