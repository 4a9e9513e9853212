package dlkit

import "gonum.org/v1/gonum/mat"

// LayerOutputs holds what every layer of a network computes for a batch of points, as
// [MLP.ForwardLayers] fills it in: the network inputs, each hidden layer's outputs and the
// class probabilities. It shows what each unit responds to over many points at once (a
// unit's map over the plane, for a playground), in one forward pass. Reuse one across calls:
// its matrices keep their storage while the batch and the network keep their sizes. The zero
// value is ready to use.
type LayerOutputs struct {
	f forward
}

// ForwardLayers passes the raw points x (one per row) through the network and records in dst
// what every layer computes. It returns an error if the network is malformed or the points do
// not fit it (see Proba).
func (m *MLP) ForwardLayers(dst *LayerOutputs, x mat.Matrix) error {
	if err := m.checkPoints(x); err != nil {
		return err
	}
	dst.f.run(m, x)
	return nil
}

// Inputs returns the network inputs of every point (one per row, Inputs.Width() columns): its
// kept features and crosses, standardised if the network standardises. The matrix is dst's,
// or x itself where the inputs are the raw points: read it before the next ForwardLayers, and
// do not modify it.
func (o *LayerOutputs) Inputs() *mat.Dense { return o.f.inputs }

// Hidden returns hidden layer l's outputs, after its activation, one row per point and one
// column per unit, under the same terms as Inputs.
func (o *LayerOutputs) Hidden(l int) *mat.Dense { return &o.f.hidden[l] }

// Proba returns the class probabilities of point i, in dst (reused if it has room): for two
// classes [1 − p, p] with p = P(label 1).
func (o *LayerOutputs) Proba(dst []float64, i int) []float64 {
	_, c := o.f.logits.Dims()
	if c == 1 {
		c = 2
	}
	return o.f.proba(resize(dst, c), i)
}
