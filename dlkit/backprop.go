package dlkit

import (
	"fmt"
	"math"

	"github.com/percept-go/percept/internal/kernels"
	"gonum.org/v1/gonum/mat"
)

// forward holds one batch's pass through a network: the network inputs and every layer's
// outputs, one row per point. Its matrices keep their storage from batch to batch.
type forward struct {
	in     mat.Dense   // n×width: the points after the Inputs stage, where they are copied
	inputs *mat.Dense  // the network inputs of the last runRows: &in, or the points in place
	hidden []mat.Dense // n×units of each hidden layer, after the activation
	logits mat.Dense   // n×outputs
	// sparse says that the network inputs are mostly zeros (as images are): the first
	// layer's products then skip the zero terms, with nz the pattern of the batch's inputs.
	sparse bool
	nz     kernels.NonZeros
}

// size makes d an r×c matrix, reusing its storage when it has room (the contents are zeroed).
func size(d *mat.Dense, r, c int) {
	if rr, cc := d.Dims(); rr == r && cc == c {
		return
	}
	d.Reset()
	d.ReuseAs(r, c)
}

// run passes the raw points x (one per row) through m.
func (f *forward) run(m *MLP, x mat.Matrix) {
	n, _ := x.Dims()
	f.runRows(m, x, 0, n)
}

// runRows passes rows lo to hi−1 of x through m. Where the network's inputs are the points
// themselves (no crosses, no standardisation) and x is a contiguous matrix, they are read in
// place; otherwise the rows go through the Inputs stage into f.in.
func (f *forward) runRows(m *MLP, x mat.Matrix, lo, hi int) {
	in := &f.in
	_, k := x.Dims()
	if d, ok := x.(*mat.Dense); ok && d.RawMatrix().Stride == k && m.Inputs.plain() {
		in = d.Slice(lo, hi, 0, k).(*mat.Dense) // the same values transform would copy
	} else {
		size(&f.in, hi-lo, m.Inputs.Width())
		rv, isRaw := x.(mat.RawRowViewer)
		raw := make([]float64, k)
		for i := lo; i < hi; i++ {
			if isRaw {
				raw = rv.RawRowView(i)
			} else {
				for j := range raw {
					raw[j] = x.At(i, j)
				}
			}
			m.Inputs.transform(f.in.RawRowView(i-lo), raw)
		}
	}
	f.inputs = in
	f.sparse = hi-lo >= 256 && mostlyZeros(in, 64)
	f.layers(m, in)
}

// nonFinite returns the first row whose logits, or hidden outputs if hidden, are not all
// finite, and the value at fault; the row is −1 if there is none. With finite weights and
// points that happens only where a sum overflows.
func (f *forward) nonFinite(hidden bool) (row int, v float64) {
	ms := []*mat.Dense{&f.logits}
	if hidden {
		for l := range f.hidden {
			ms = append(ms, &f.hidden[l])
		}
	}
	row = -1
	for _, m := range ms {
		_, c := m.Dims()
		data := rawData(m)
		if j := firstNonFinite(data); j >= 0 && (row < 0 || j/c < row) {
			row, v = j/c, data[j]
		}
	}
	return row, v
}

// overflowError says that a network computed v, NaN or infinite, from finite parameters and
// a finite point: a sum overflowed.
func overflowError(v float64) error {
	return fmt.Errorf("the network computes %v, beyond the float64 range (the point's values, or the network's weights, are too large): %w", v, ErrNotFinite)
}

// evalRows is how many points a forward pass through m takes at a time where only its
// outputs are wanted (Evaluate, PredictBatch, ...): as many as fit in 2²⁰ values of
// activations (8 MiB), from 1 to 1024 (enough for the matrix kernels to run at full speed).
// Each point's result does not depend on the batch it is in.
func (m *MLP) evalRows() int {
	perPoint := m.Inputs.Width()
	for l := range len(m.Hidden) + 1 {
		_, c := m.layer(l).W.Dims()
		perPoint += c
	}
	return min(max(1<<20/perPoint, 1), 1024)
}

// forEachBatch passes the points, the rows of x, through m a batch at a time (evalRows of
// them) and calls f with each batch's first row and its pass, in order. A logit that is not
// finite is an error naming its point (src says where the points came from), and so is a
// hidden output with hidden.
func (m *MLP) forEachBatch(x mat.Matrix, src *source, hidden bool, f func(lo int, fw *forward) error) error {
	n, _ := x.Dims()
	rows := m.evalRows()
	var fw forward
	for lo := 0; lo < n; lo += rows {
		fw.runRows(m, x, lo, min(lo+rows, n))
		if i, v := fw.nonFinite(hidden); i >= 0 {
			return fmt.Errorf("dlkit: %s: %w", src.where(lo+i), overflowError(v))
		}
		if err := f(lo, &fw); err != nil {
			return err
		}
	}
	return nil
}

// layers passes network inputs (already through the Inputs stage) through m's layers.
func (f *forward) layers(m *MLP, in *mat.Dense) {
	n, _ := in.Dims()
	if len(f.hidden) != len(m.Hidden) {
		f.hidden = make([]mat.Dense, len(m.Hidden))
	}
	if f.sparse {
		_, k := in.Dims()
		f.nz.Scan(rawData(in), n, k)
	}
	h := in
	for l := range m.Hidden {
		layer := &m.Hidden[l]
		_, units := layer.W.Dims()
		size(&f.hidden[l], n, units)
		f.affine(&f.hidden[l], h, layer, l == 0)
		activate(layer.Activation, f.hidden[l].RawMatrix().Data)
		h = &f.hidden[l]
	}
	size(&f.logits, n, m.outputs())
	f.affine(&f.logits, h, &m.Output, len(m.Hidden) == 0)
}

// affine is layerAffine, skipping the zero inputs of the first layer if f.sparse.
func (f *forward) affine(dst, h *mat.Dense, layer *Layer, first bool) {
	if !first || !f.sparse {
		layerAffine(dst, h, layer)
		return
	}
	n, k := h.Dims()
	_, units := layer.W.Dims()
	kernels.MatMulNZ(dst.RawMatrix().Data, rawData(h), &f.nz, rawData(layer.W), n, k, units, layer.B)
}

// layerAffine sets dst (contiguous, n×units) to h·W + b, each element the chain of fused
// multiply-adds b[j] + h[i][0]·W[0][j] + h[i][1]·W[1][j] + ... (see internal/kernels).
func layerAffine(dst, h *mat.Dense, layer *Layer) {
	n, k := h.Dims()
	_, units := layer.W.Dims()
	kernels.MatMul(dst.RawMatrix().Data, rawData(h), rawData(layer.W), n, k, units, layer.B)
}

// activate applies a to every element of v.
func activate(a Activation, v []float64) {
	switch a {
	case Sigmoid:
		for i, z := range v {
			v[i] = sigmoid(z)
		}
	case Tanh:
		kernels.Tanh(v)
	case ReLU:
		kernels.ReLU(v) // relu(z) for each z
	case Linear:
	default:
		panic("dlkit: activation " + a.String() + " in a network")
	}
}

// proba writes the class probabilities of row i into dst (of length Classes): [1 − σ(z), σ(z)]
// for one logit, the softmax of the logits otherwise.
func (f *forward) proba(dst []float64, i int) []float64 {
	z := f.logits.RawRowView(i)
	if len(z) == 1 {
		p := sigmoid(z[0])
		dst[0], dst[1] = 1-p, p
		return dst
	}
	lse := logSumExp(z)
	for k, v := range z {
		dst[k] = math.Exp(v - lse)
	}
	return dst
}

// predict returns the most probable class of row i, as proba and argmax would.
func (f *forward) predict(i int) int {
	z := f.logits.RawRowView(i)
	if len(z) == 1 {
		if sigmoid(z[0]) > 0.5 {
			return 1
		}
		return 0
	}
	return argmax(z)
}

// logSumExp returns log Σ e^(z_k), shifted by the largest z_k so that nothing overflows.
func logSumExp(z []float64) float64 {
	m := z[0]
	for _, v := range z[1:] {
		m = math.Max(m, v)
	}
	var s float64
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// outputGrad sets g to the gradient of the batch's mean cross-entropy with respect to the
// logits, and returns loss plus the batch's summed (not mean) cross-entropy, added point by
// point, and the number of points predicted right. For the sigmoid and the softmax alike the gradient is (p − onehot(y))/n:
//
//	binary:  E = softplus(z) − y·z,             ∂E/∂z   = σ(z) − y
//	softmax: E = log Σⱼ e^(z_j) − z_y,          ∂E/∂z_k = softmax(z)_k − [k = y]
func (f *forward) outputGrad(g *mat.Dense, y []float64, loss float64) (float64, int) {
	correct := 0
	n, c := f.logits.Dims()
	size(g, n, c)
	scale := 1 / float64(n)
	for i := range n {
		z, gi := f.logits.RawRowView(i), g.RawRowView(i)
		if c == 1 {
			// CrossEntropyLogit(y, z) and sigmoid(z), sharing t = e^(−|z|).
			t := math.Exp(-math.Abs(z[0]))
			loss += (math.Max(z[0], 0) - y[i]*z[0]) + math.Log1p(t)
			p := 1 / (1 + t)
			if z[0] < 0 {
				p = t / (1 + t)
			}
			gi[0] = (p - y[i]) * scale
			if (p > 0.5) == (y[i] == 1) {
				correct++
			}
			continue
		}
		lse := logSumExp(z)
		label := int(y[i])
		loss += lse - z[label]
		for k, v := range z {
			gi[k] = math.Exp(v-lse) * scale
		}
		gi[label] -= scale
		if argmax(z) == label {
			correct++
		}
	}
	return loss, correct
}

// gradients mirrors a network's parameters: one weight matrix and bias vector per layer,
// hidden layers first and the output layer last.
type gradients struct {
	w []mat.Dense
	b [][]float64
}

// backward sets g to the gradients of the loss whose gradient with respect to the logits is
// dLogits, by backpropagation through the pass f, which used inputs in:
//
//	δ_out = ∂E/∂z,   ∂E/∂Wₗ = hₗ₋₁ᵀ·δₗ,   ∂E/∂bₗ = Σ_rows δₗ,   δₗ₋₁ = (δₗ·Wₗᵀ) ⊙ a'(hₗ₋₁)
//
// deltas holds scratch matrices, one per hidden layer, and wt scratch for a transposed W.
//
// Frozen layers get no gradients, and the pass stops below the lowest layer that is not
// frozen.
func (f *forward) backward(m *MLP, in, dLogits *mat.Dense, g *gradients, deltas []mat.Dense, wt *[]float64) {
	lowest := 0 // the lowest layer that learns
	for lowest < len(m.Hidden) && m.Hidden[lowest].Frozen {
		lowest++
	}
	delta := dLogits
	n, _ := delta.Dims()
	for l := len(m.Hidden); l >= lowest; l-- {
		layer := m.layer(l)
		h := in
		if l > 0 {
			h = &f.hidden[l-1]
		}
		r, c := layer.W.Dims()
		d := delta.RawMatrix().Data
		if !layer.Frozen {
			size(&g.w[l], r, c)
			if l == 0 && f.sparse {
				kernels.MatMulTANZ(g.w[l].RawMatrix().Data, rawData(h), &f.nz, d, n, r, c)
			} else {
				kernels.MatMulTA(g.w[l].RawMatrix().Data, rawData(h), d, n, r, c)
			}
			if layer.B != nil {
				kernels.ColSum(g.b[l], d, n, c)
			}
		}
		if l == lowest {
			break
		}
		prev := &deltas[l-1]
		size(prev, n, r)
		*wt = resize(*wt, r*c)
		kernels.MatMulTB(prev.RawMatrix().Data, d, rawData(layer.W), *wt, n, c, r)
		act := m.Hidden[l-1].Activation
		out, pd := f.hidden[l-1].RawMatrix().Data, prev.RawMatrix().Data
		switch act {
		case Tanh:
			kernels.TanhGrad(pd, out)
		case ReLU:
			kernels.ReLUGrad(pd, out) // pd[i] *= step(out[i])
		case Linear: // the derivative is 1
		default:
			for i, a := range out {
				pd[i] *= act.derivFromOutput(a)
			}
		}
		delta = prev
	}
}
