package dlkit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/percept-go/percept/internal/onnxpb"
	"gonum.org/v1/gonum/mat"
)

// The stages of a computation on the input, in the order an MLP performs them.
type onnxStage uint8

const (
	stageRaw      onnxStage = iota + 1 // the graph's input, of any shape
	stageColumn                        // one raw feature, x[:, k:k+1]
	stageCross                         // a feature cross, [N, 1]
	stageInputs                        // the raw features followed by crosses
	stageCentred                       // inputs − mean
	stageStandard                      // (inputs − mean)/scale, or inputs/scale
	stageAffine                        // h·W + b: the last layer so far, before any activation
	stageHidden                        // the last layer after its activation
	stageOneMinus                      // 1 − σ(z) of a single logit
	stageProbs                         // the class probabilities
	stageLogProbs                      // their logarithms
	stageLabel                         // the most probable class
)

// onnxValue is what a tensor of the graph holds: a constant, a computation on the input, or
// something that must not be used (poison says what).
type onnxValue struct {
	tensor *onnxpb.TensorProto // a constant not yet decoded
	c      *onnxConst
	d      *onnxData
	poison string
}

// onnxConst is a decoded constant tensor, in row-major order.
type onnxConst struct {
	dims   []int
	f      []float64 // for FLOAT and DOUBLE tensors
	i      []int64   // for INT64 and INT32 tensors
	isInts bool
}

// onnxData is a computation on the graph's input: the MLP so far.
type onnxData struct {
	stage onnxStage
	dims  []int // stageRaw: the input's dimensions after the batch (-1 where unknown)
	width int   // columns, for every other stage; -1 while unknown
	col   int   // stageColumn: which raw feature
	cross Cross // stageCross
	in    Inputs
	// hidden holds the finished hidden layers, last first; last is the layer on top of them
	// (stageAffine and later), act its activation (stageHidden).
	hidden *layerList
	last   *Layer
	act    Activation
	id     int // distinguishes last layers: values computed from the same one share it
}

// layerList is a list of layers that later layers extend without copying it.
type layerList struct {
	layer Layer
	prev  *layerList
}

// onnxOperators are the operators ReadONNX maps.
var onnxOperators = []string{
	"Gemm", "MatMul", "Add", "Relu", "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "ArgMax", "Sub", "Div", "Slice",
	"Gather", "Mul", "Sin", "Concat", "Flatten", "Reshape", "Identity", "Dropout", "Constant", "Transpose",
}

// onnxOps lists onnxOperators for error messages: "Gemm, MatMul, ... and Transpose".
var onnxOps = strings.Join(onnxOperators[:len(onnxOperators)-1], ", ") + " and " + onnxOperators[len(onnxOperators)-1]

// node maps one node, or says why it cannot.
func (r *onnxReader) node(n *onnxpb.NodeProto) error {
	if d := n.GetDomain(); d != "" && d != "ai.onnx" {
		return fmt.Errorf("operator domain %s: Percept maps only ONNX's standard operators", quote(d))
	}
	if len(n.GetOutput()) == 0 {
		return fmt.Errorf("the node has no output")
	}
	in := make([]*onnxValue, len(n.GetInput()))
	for k, name := range n.GetInput() {
		if name == "" {
			continue // an optional input left out
		}
		v, ok := r.values[name]
		switch {
		case !ok:
			return fmt.Errorf("input %s is not the graph's input, an initializer or an earlier node's output", quote(name))
		case v.poison != "":
			return fmt.Errorf("input %s cannot be used: %s", quote(name), v.poison)
		}
		in[k] = v
	}
	out, err := r.apply(n, in)
	if err != nil {
		return err
	}
	outputs := n.GetOutput()
	r.values[outputs[0]] = out
	for _, name := range outputs[1:] {
		if name != "" {
			r.values[name] = &onnxValue{poison: fmt.Sprintf("it is output %s of a %s node, which Percept does not use", quote(name), n.GetOpType())}
		}
	}
	return nil
}

// apply computes the first output of node n from its inputs.
func (r *onnxReader) apply(n *onnxpb.NodeProto, in []*onnxValue) (*onnxValue, error) {
	op := n.GetOpType()
	if op == "" {
		return nil, fmt.Errorf("the node has no op_type")
	}
	if !slices.Contains(onnxOperators, op) {
		return nil, fmt.Errorf("%s is not an operator Percept maps onto an MLP; it maps %s", clip(op), onnxOps)
	}
	want := func(k int) (*onnxValue, error) {
		if v := arg(in, k); v != nil {
			return v, nil
		}
		return nil, fmt.Errorf("%s needs input %d", op, k)
	}
	if op == "Constant" {
		c, err := r.constantNode(n)
		return &onnxValue{c: c}, err
	}
	x, err := want(0)
	if err != nil {
		return nil, err
	}

	switch op {
	case "Identity":
		return x, nil

	case "Dropout": // the identity at inference
		if t := arg(in, 2); t != nil {
			c, err := r.constant(t, "Dropout's training_mode")
			if err != nil {
				return nil, err
			}
			if len(c.i) != 1 && len(c.f) != 1 || len(c.i) == 1 && c.i[0] != 0 || len(c.f) == 1 && c.f[0] != 0 {
				return nil, fmt.Errorf("Dropout in training mode changes its input at random; export the model in eval mode")
			}
		}
		return x, nil

	case "Transpose":
		c, err := r.constant(x, "Transpose's input")
		if err != nil {
			return nil, fmt.Errorf("%w (Percept transposes only constants, such as weights)", err)
		}
		if len(c.dims) != 2 || c.isInts {
			return nil, fmt.Errorf("Transpose of a tensor of shape %v; Percept transposes only matrices of numbers", c.dims)
		}
		perm, err := attrInts(n, "perm", []int64{1, 0})
		if err != nil {
			return nil, err
		}
		if len(perm) != 2 || perm[0] == perm[1] || perm[0]&^1 != 0 || perm[1]&^1 != 0 {
			return nil, fmt.Errorf("perm %v is not a permutation of 2 dimensions", perm)
		}
		if perm[0] == 0 {
			return x, nil
		}
		rows, cols := c.dims[0], c.dims[1]
		if err := r.alloc(len(c.f)); err != nil {
			return nil, err
		}
		t := &onnxConst{dims: []int{cols, rows}, f: make([]float64, len(c.f))}
		for i := range rows {
			for j := range cols {
				t.f[j*rows+i] = c.f[i*cols+j]
			}
		}
		return &onnxValue{c: t}, nil
	}

	d := x.d
	if d == nil && (op == "Add" || op == "Sub") && arg(in, 1) != nil {
		d = arg(in, 1).d // 1 − p, or the biases first
	}
	if d == nil {
		return nil, fmt.Errorf("%s of constants: Percept folds only Transpose, Identity and Constant nodes", op)
	}
	next := func(stage onnxStage, width int) *onnxValue {
		e := *d
		e.stage, e.width, e.dims = stage, width, nil
		switch {
		case stage == stageRaw:
			e.dims = []int{width}
		case d.stage == stageRaw && d.width < 0 && (stage == stageCentred || stage == stageStandard):
			e.in.Features = width // the input's width, unknown until the mean's or scale's length
		case d.stage == stageRaw:
			e.in.Features = d.width // leaving the raw input: its width is the features
		}
		return &onnxValue{d: &e}
	}
	axisOne := func(def int64) error {
		a, err := attrInt(n, "axis", def)
		if err != nil {
			return err
		}
		if a != 1 && a != -1 {
			return fmt.Errorf("axis %d; Percept's networks work along axis 1, the features", a)
		}
		return nil
	}

	switch op {
	case "Flatten":
		a, err := attrInt(n, "axis", 1)
		if err != nil {
			return nil, err
		}
		if a != 1 {
			return nil, fmt.Errorf("axis %d; Percept flattens everything but the batch (axis 1)", a)
		}
		if d.stage != stageRaw {
			return x, nil // already [N, width]
		}
		return next(stageRaw, flatWidth(d.dims)), nil

	case "Reshape":
		c, err := r.constant(arg(in, 1), "Reshape's shape")
		if err != nil {
			return nil, err
		}
		w := d.width
		if d.stage == stageRaw {
			w = flatWidth(d.dims)
		}
		zero, err := attrInt(n, "allowzero", 0)
		if err != nil {
			return nil, err
		}
		if !c.isInts || len(c.i) != 2 {
			return nil, fmt.Errorf("shape %v; Percept reshapes only to [N, %d], the batch by the features", c.i, w)
		}
		batch, feat := c.i[0], c.i[1]
		okBatch := batch == -1 || batch == 0 && zero == 0
		okFeat := feat == -1 && batch != -1 || feat >= 1 && feat <= maxONNXBytes && (w == -1 || feat == int64(w))
		if !okBatch || !okFeat {
			return nil, fmt.Errorf("shape %v; Percept reshapes only to [N, %d], the batch by the features", c.i, w)
		}
		if w == -1 && feat >= 1 {
			w = int(feat)
		}
		if d.stage != stageRaw {
			return x, nil
		}
		return next(stageRaw, w), nil

	case "Slice", "Gather":
		if d.stage != stageRaw || len(d.dims) != 1 {
			return nil, fmt.Errorf("%s of %s; Percept slices only the input's features, x1 and x2, for feature crosses", op, describeStage(d))
		}
		k, err := r.column(n, in, d.width)
		if err != nil {
			return nil, err
		}
		v := next(stageColumn, 1)
		v.d.col = k
		return v, nil

	case "Mul", "Sin":
		if d.stage != stageColumn || d.col > 1 {
			return nil, fmt.Errorf("%s of %s; Percept maps Mul and Sin only to feature crosses of x1 and x2", op, describeStage(d))
		}
		var c Cross
		if op == "Sin" {
			c = SinX1 + Cross(d.col)
		} else {
			y, err := want(1)
			if err != nil {
				return nil, err
			}
			if y.d == nil || y.d.stage != stageColumn || y.d.col > 1 {
				return nil, fmt.Errorf("Mul of x%d by something other than x1 or x2; Percept maps Mul only to feature crosses", d.col+1)
			}
			c = [2][2]Cross{{X1Squared, X1X2}, {X1X2, X2Squared}}[d.col][y.d.col]
		}
		v := next(stageCross, 1)
		v.d.cross = c
		return v, nil

	case "Concat":
		if err := axisOne(1); err != nil {
			return nil, err
		}
		return r.concat(in)

	case "Sub":
		y, err := want(1)
		if err != nil {
			return nil, err
		}
		if x.d == nil { // 1 − σ(z)
			c, err := r.constant(x, "Sub's constant")
			if err != nil {
				return nil, err
			}
			if len(c.f) != 1 || c.f[0] != 1 || d.stage != stageHidden || d.act != Sigmoid || d.width != 1 {
				return nil, fmt.Errorf("Sub of %s from a constant; Percept maps that only to 1 − σ(z) of a single logit", describeStage(d))
			}
			return next(stageOneMinus, 1), nil
		}
		if !d.before(stageCentred) {
			return nil, fmt.Errorf("Sub of %s; Percept maps Sub only to the mean of standardisation, before the first layer (or 1 − σ(z))", describeStage(d))
		}
		if y.d != nil {
			return nil, fmt.Errorf("Sub of a computed tensor; Percept maps Sub only to the mean of standardisation")
		}
		mean, w, err := r.vector(y, d.width, "Sub's constant (the mean)")
		if err != nil {
			return nil, err
		}
		v := next(stageCentred, w)
		v.d.in.Mean = mean
		return v, nil

	case "Div":
		if !d.before(stageStandard) {
			return nil, fmt.Errorf("Div of %s; Percept maps Div only to the scale of standardisation, before the first layer", describeStage(d))
		}
		y, err := want(1)
		if err != nil {
			return nil, err
		}
		if y.d != nil {
			return nil, fmt.Errorf("Div by a computed tensor; Percept maps Div only to the scale of standardisation")
		}
		scale, w, err := r.vector(y, d.width, "Div's constant (the scale)")
		if err != nil {
			return nil, err
		}
		v := next(stageStandard, w)
		if v.d.in.Mean == nil {
			if err := r.alloc(w); err != nil {
				return nil, err
			}
			v.d.in.Mean = make([]float64, w)
		}
		v.d.in.Scale = scale
		return v, nil

	case "Gemm", "MatMul":
		return r.affine(n, d, in)

	case "Add":
		y, err := want(1)
		if err != nil {
			return nil, err
		}
		if x.d == nil {
			x, y = y, x
		}
		if d.stage != stageAffine || d.last.B != nil || y.d != nil {
			return nil, fmt.Errorf("Add of %s; Percept maps Add only to the biases of a MatMul's layer", describeStage(d))
		}
		_, units := d.last.W.Dims()
		bias, _, err := r.vector(y, units, "Add's constant (the biases)")
		if err != nil {
			return nil, err
		}
		e := *d
		layer := *d.last
		layer.B = bias
		e.last = &layer
		return &onnxValue{d: &e}, nil

	case "Relu", "Tanh", "Sigmoid":
		if d.stage != stageAffine {
			return nil, fmt.Errorf("%s of %s; Percept applies activations only to a layer's weighted sums", op, describeStage(d))
		}
		v := next(stageHidden, d.width)
		v.d.act = Activation(slices.Index(onnxActivations[:], op)) // as WriteONNX writes them
		return v, nil

	case "Softmax", "LogSoftmax":
		def := int64(-1)
		if r.opset < 13 {
			def = 1
		}
		if err := axisOne(def); err != nil {
			return nil, err
		}
		if d.stage != stageAffine || d.width < 2 {
			return nil, fmt.Errorf("%s of %s; Percept's softmax turns two or more logits into probabilities", op, describeStage(d))
		}
		if op == "LogSoftmax" {
			return next(stageLogProbs, d.width), nil
		}
		return next(stageProbs, d.width), nil

	case "ArgMax":
		if err := axisOne(0); err != nil {
			return nil, err
		}
		if last, err := attrInt(n, "select_last_index", 0); err != nil || last != 0 {
			return nil, fmt.Errorf("select_last_index %d; Percept takes the first of equal probabilities", last)
		}
		if d.stage != stageAffine && d.stage != stageProbs && d.stage != stageLogProbs || d.width < 2 {
			return nil, fmt.Errorf("ArgMax of %s; Percept's label is the most probable class", describeStage(d))
		}
		return next(stageLabel, 1), nil
	}
	panic("dlkit: onnx operator " + op + " in onnxOperators but not mapped")
}

// before reports whether d is the raw input (of two dimensions) or a stage of the Inputs
// before stage s.
func (d *onnxData) before(s onnxStage) bool {
	if d.stage == stageRaw {
		return len(d.dims) == 1
	}
	return (d.stage == stageInputs || d.stage == stageCentred) && d.stage < s
}

// flatWidth returns the product of dims, or -1 if one is unknown (or it is too large).
func flatWidth(dims []int) int {
	w := 1
	for _, v := range dims {
		if v < 1 || w > maxONNXBytes/v {
			return -1
		}
		w *= v
	}
	return w
}

// describeStage names what a value is, for error messages.
func describeStage(d *onnxData) string {
	switch d.stage {
	case stageRaw:
		if len(d.dims) != 1 {
			return fmt.Sprintf("the input (shape [N %s])", strings.Trim(fmt.Sprint(d.dims), "[]"))
		}
		return "the input"
	case stageColumn:
		return fmt.Sprintf("column x%d of the input", d.col+1)
	case stageCross:
		return "the feature cross " + d.cross.String()
	case stageInputs:
		return "the input with its feature crosses"
	case stageCentred:
		return "the centred input"
	case stageStandard:
		return "the standardised input"
	case stageAffine:
		return "a layer's weighted sums"
	case stageHidden:
		return fmt.Sprintf("a layer's outputs (after %v)", d.act)
	case stageOneMinus:
		return "1 − σ(z)"
	case stageProbs:
		return "the class probabilities"
	case stageLogProbs:
		return "the log-probabilities"
	}
	return "the label"
}

// column returns which feature a Slice or Gather takes: x[:, k:k+1] or x[:, [k]].
func (r *onnxReader) column(n *onnxpb.NodeProto, in []*onnxValue, width int) (int, error) {
	ints := func(k int, attr string) ([]int64, error) {
		if r.opset < 10 && n.GetOpType() == "Slice" {
			return attrInts(n, attr, nil)
		}
		if arg(in, k) == nil {
			return nil, nil
		}
		c, err := r.constant(in[k], n.GetOpType()+"'s "+attr)
		if err != nil {
			return nil, err
		}
		if !c.isInts {
			return nil, fmt.Errorf("%s's %s are not integers", n.GetOpType(), attr)
		}
		return c.i, nil
	}
	one := func(v []int64, what string) (int64, error) {
		if len(v) != 1 {
			return 0, fmt.Errorf("%s %v; Percept slices out one feature column at a time", what, v)
		}
		k := v[0]
		if k < 0 && width > 0 {
			k += int64(width)
		}
		if k < 0 || width > 0 && k >= int64(width) || k > maxONNXBytes {
			return 0, fmt.Errorf("%s %d for an input of %d features", what, v[0], width)
		}
		return k, nil
	}
	if n.GetOpType() == "Gather" {
		if a, err := attrInt(n, "axis", 0); err != nil || a != 1 && a != -1 {
			return 0, fmt.Errorf("Gather along axis %d; Percept gathers feature columns (axis 1)", a)
		}
		c, err := r.constant(arg(in, 1), "Gather's indices")
		if err != nil {
			return 0, err
		}
		if !c.isInts || len(c.dims) != 1 {
			return 0, fmt.Errorf("Gather with indices of shape %v; Percept gathers a list of one column, [k]", c.dims)
		}
		k, err := one(c.i, "indices")
		return int(k), err
	}
	starts, err := ints(1, "starts")
	if err != nil {
		return 0, err
	}
	ends, err := ints(2, "ends")
	if err != nil {
		return 0, err
	}
	axes, err := ints(3, "axes")
	if err != nil {
		return 0, err
	}
	steps, err := ints(4, "steps")
	if err != nil {
		return 0, err
	}
	if len(axes) != 1 || axes[0] != 1 && axes[0] != -1 || steps != nil && (len(steps) != 1 || steps[0] != 1) {
		return 0, fmt.Errorf("Slice along axes %v with steps %v; Percept slices one feature column (axis 1, step 1)", axes, steps)
	}
	k, err := one(starts, "starts")
	if err != nil {
		return 0, err
	}
	if len(ends) != 1 || ends[0] != k+1 {
		return 0, fmt.Errorf("Slice from %d to %v; Percept slices one feature column at a time", k, ends)
	}
	return int(k), nil
}

// arg returns in[k], or nil if the node has no input k.
func arg(in []*onnxValue, k int) *onnxValue {
	if k < len(in) {
		return in[k]
	}
	return nil
}

// concat maps Concat: the raw features followed by feature crosses, or [1 − σ(z), σ(z)].
func (r *onnxReader) concat(in []*onnxValue) (*onnxValue, error) {
	if len(in) == 0 || in[0] == nil || in[0].d == nil {
		return nil, fmt.Errorf("Concat of constants or of nothing; Percept maps Concat to feature crosses or to [1 − p, p]")
	}
	first := in[0].d
	if first.stage == stageOneMinus {
		if len(in) == 2 && in[1] != nil && in[1].d != nil && in[1].d.stage == stageHidden && in[1].d.act == Sigmoid && in[1].d.id == first.id {
			e := *first
			e.stage, e.width = stageProbs, 2
			return &onnxValue{d: &e}, nil
		}
		return nil, fmt.Errorf("Concat of 1 − p with something other than p")
	}
	if first.stage != stageRaw || len(first.dims) != 1 || len(in) < 2 {
		return nil, fmt.Errorf("Concat of %s; Percept maps Concat to the input followed by feature crosses", describeStage(first))
	}
	e := *first
	e.stage, e.dims = stageInputs, nil
	e.in.Crosses = nil
	for k, v := range in[1:] {
		if v == nil || v.d == nil || v.d.stage != stageCross {
			return nil, fmt.Errorf("Concat input %d is not a feature cross (x1², x2², x1·x2, sin(x1) or sin(x2))", k+1)
		}
		e.in.Crosses = append(e.in.Crosses, v.d.cross)
	}
	if first.width < 2 {
		return nil, fmt.Errorf("feature crosses of an input whose number of features is not known to be 2 or more")
	}
	e.in.Features = first.width
	e.width = first.width + len(e.in.Crosses)
	return &onnxValue{d: &e}, nil
}

// affine maps Gemm (Y = alpha·A·B + beta·C, B transposed if transB) and MatMul (Y = A·B) onto
// a layer h·W + b.
func (r *onnxReader) affine(n *onnxpb.NodeProto, d *onnxData, in []*onnxValue) (*onnxValue, error) {
	op := n.GetOpType()
	switch {
	case d.stage == stageRaw && len(d.dims) != 1 && d.width < 1:
		return nil, fmt.Errorf("%s of the input of shape [N %s]; flatten it to [N, features] first", op, strings.Trim(fmt.Sprint(d.dims), "[]"))
	case d.stage == stageAffine:
		return nil, fmt.Errorf("%s of a layer's weighted sums: two layers with no activation between them", op)
	case d.stage == stageHidden && d.act == 0, d.stage > stageHidden, d.stage == stageColumn, d.stage == stageCross:
		return nil, fmt.Errorf("%s of %s; Percept's layers take the input or the layer before", op, describeStage(d))
	}
	if len(in) < 2 || in[1] == nil {
		return nil, fmt.Errorf("%s needs its weights, input 1", op)
	}
	if in[1].d != nil {
		return nil, fmt.Errorf("%s of two computed tensors; Percept's weights are constants", op)
	}
	b, err := r.constant(in[1], op+"'s weights")
	if err != nil {
		return nil, err
	}
	if len(b.dims) != 2 || b.isInts {
		return nil, fmt.Errorf("%s's weights have shape %v; want a matrix of numbers", op, b.dims)
	}
	k, units := b.dims[0], b.dims[1]
	if k < 1 || units < 1 {
		return nil, fmt.Errorf("%s's weights have shape %v", op, b.dims)
	}
	if err := r.alloc(len(b.f)); err != nil {
		return nil, err
	}
	w := append([]float64(nil), b.f...) // the constant may be used again
	alpha, beta := 1.0, 1.0
	if op == "Gemm" {
		if t, err := attrInt(n, "transA", 0); err != nil || t != 0 {
			return nil, fmt.Errorf("Gemm with transA %d: the batch would be transposed", t)
		}
		tb, err := attrInt(n, "transB", 0)
		if err != nil {
			return nil, err
		}
		if alpha, err = attrFloat(n, "alpha", 1); err != nil {
			return nil, err
		}
		if beta, err = attrFloat(n, "beta", 1); err != nil {
			return nil, err
		}
		if tb != 0 { // B holds the weights into each unit row by row, as PyTorch's Linear
			k, units = units, k
			for i := range k {
				for j := range units {
					w[i*units+j] = b.f[j*k+i]
				}
			}
		}
	}
	if d.width > 0 && k != d.width {
		return nil, fmt.Errorf("%s's weights take %d inputs; the tensor it multiplies has %d columns", op, k, d.width)
	}
	if alpha != 1 {
		for i := range w {
			w[i] *= alpha
		}
	}
	layer := &Layer{W: mat.NewDense(k, units, w)}
	if op == "Gemm" && len(in) > 2 && in[2] != nil {
		if in[2].d != nil {
			return nil, fmt.Errorf("Gemm's C is computed; Percept's biases are constants")
		}
		if layer.B, _, err = r.vector(in[2], units, "Gemm's C (the biases)"); err != nil {
			return nil, err
		}
		for i := range layer.B {
			layer.B[i] *= beta
		}
	}

	e := *d
	switch d.stage {
	case stageRaw:
		e.in = Inputs{Features: k}
	case stageInputs:
	case stageCentred:
		if err := r.alloc(k); err != nil {
			return nil, err
		}
		e.in.Scale = ones(k)
	case stageHidden:
		l := *d.last
		l.Activation = d.act
		e.hidden = &layerList{layer: l, prev: d.hidden}
	}
	r.layers++
	e.stage, e.dims, e.width, e.last, e.act, e.id = stageAffine, nil, units, layer, 0, r.layers
	return &onnxValue{d: &e}, nil
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}

// vector returns a constant as n numbers (a scalar is repeated n times); with n = -1 (not
// known) it takes the constant's length, which it returns as the width.
func (r *onnxReader) vector(v *onnxValue, n int, what string) ([]float64, int, error) {
	c, err := r.constant(v, what)
	if err != nil {
		return nil, 0, err
	}
	if c.isInts {
		return nil, 0, fmt.Errorf("%s holds integers", what)
	}
	shape := fmt.Sprint(c.dims)
	for len(c.dims) > 1 && c.dims[0] == 1 { // [1, n] broadcasts as [n]
		c = &onnxConst{dims: c.dims[1:], f: c.f}
	}
	switch {
	case len(c.f) == 1 && len(c.dims) <= 1 && n < 0:
		return nil, 0, fmt.Errorf("%s is a scalar, for an input whose number of features is not known", what)
	case len(c.f) == 1 && len(c.dims) <= 1:
		if err := r.alloc(n); err != nil {
			return nil, 0, err
		}
		out := make([]float64, n)
		for i := range out {
			out[i] = c.f[0]
		}
		return out, n, nil
	case len(c.dims) == 1 && (n < 0 || c.dims[0] == n) && c.dims[0] > 0:
		if err := r.alloc(len(c.f)); err != nil {
			return nil, 0, err
		}
		return append([]float64(nil), c.f...), c.dims[0], nil
	}
	return nil, 0, fmt.Errorf("%s has shape %s; want [%d] or a scalar", what, shape, n)
}
