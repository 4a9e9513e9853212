package dlkit

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/percept-go/percept/internal/onnxpb"
	"gonum.org/v1/gonum/mat"
	"google.golang.org/protobuf/proto"
)

// ReadONNX reads a multi-layer perceptron from an ONNX model: one that WriteONNX wrote, or
// one that torch.onnx.export (or another exporter) wrote from a stack of fully connected
// layers and activations, such as PyTorch's
//
//	nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1), nn.Sigmoid())
//
// It follows the graph from its input, node by node, and maps each node onto a part of an MLP:
//
//	Gemm (any transB, alpha, beta), or MatMul then Add    a layer's weights and biases
//	Relu, Tanh, Sigmoid                                   the layer's activation
//	Sigmoid, Softmax, LogSoftmax, ArgMax at the end       the output (probabilities, label)
//	Sub and Div by constants before the first layer       standardisation
//	Slice or Gather of x1, x2; Mul, Sin; Concat           feature crosses (as WriteONNX writes them)
//	Flatten, Reshape to [N, k]; Identity; Dropout         nothing (the input's shape)
//	Constant, Transpose of a constant                     constants, such as weights
//
// The last layer's outputs are the logits: one, or two (whose softmax is that of their
// difference, so they become one logit), for two classes; k for k classes. The graph's outputs
// may be the logits, their sigmoid or softmax, or the label, in any combination. See
// docs/model-format.md and docs/onnx.md.
//
// Weights are read from float32 or float64 tensors (raw_data or typed fields), exactly: a
// float32 weight becomes the float64 of the same value. The first node that does not map —
// another operator, or one used in another way — stops the reading with an *ONNXNodeError
// naming it. Every error wraps ErrModelFile; and the file must pass the limits and the checks
// a Percept model file passes ((*MLP).Check), so that nothing in it can make Percept panic,
// run out of memory or compute NaN.
func ReadONNX(r io.Reader) (*MLP, error) {
	// A protobuf message starts with a field's tag: field number ≥ 1, wire type 0 to 5. What
	// cannot (a stream of zeros, such as /dev/zero) is refused before it is read to the end.
	br := bufio.NewReader(r)
	if first, err := br.Peek(1); err == nil && (first[0] < 0x80 && first[0]>>3 == 0 || first[0]&7 > 5) {
		return nil, badONNX("malformed protobuf at byte 0 (0x%02x is not a field's tag)", first[0])
	}
	b, err := readAtMost(br, maxONNXBytes)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("dlkit: onnx: empty file: %w: %w", ErrEmpty, ErrModelFile)
	}
	if t := bytes.TrimLeft(b, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return nil, badONNX("this is JSON (a Percept model file?), not ONNX's binary protobuf")
	}
	var model onnxpb.ModelProto
	scan := onnxWireScan{budget: maxONNXDecoded}
	if err := scan.message(b, model.ProtoReflect().Descriptor(), 0, 0); err != nil {
		return nil, err
	}
	if err := (proto.UnmarshalOptions{RecursionLimit: maxONNXDepth + 1}).Unmarshal(b, &model); err != nil {
		return nil, badONNX("not an ONNX model (%v)", err)
	}
	return onnxToMLP(&model, onnxNumbers(len(b)))
}

// readAtMost reads r to its end, or returns an error once it has read more than limit bytes.
func readAtMost(r io.Reader, limit int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("dlkit: reading ONNX: %w", err)
	}
	if len(b) > limit {
		return nil, badONNX("larger than %d bytes", limit)
	}
	return b, nil
}

// LoadONNX reads a multi-layer perceptron from the ONNX file at path, as ReadONNX does; its
// errors name the file.
func LoadONNX(path string) (*MLP, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dlkit: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > maxONNXBytes {
		return nil, fmt.Errorf("%s: %w", path, badONNX("%d bytes, larger than %d", fi.Size(), maxONNXBytes))
	}
	m, err := ReadONNX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// An ONNXNodeError reports the first node of an ONNX graph that ReadONNX cannot map onto a
// multi-layer perceptron. It wraps Err and ErrModelFile.
type ONNXNodeError struct {
	Index  int    // the node's place in the graph's list of nodes, from 0
	OpType string // such as "Gemm" or "LeakyRelu"
	Name   string // the node's name; often empty
	Err    error  // what is wrong
}

func (e *ONNXNodeError) Error() string {
	return fmt.Sprintf("dlkit: onnx: node %d (%s %s): %v", e.Index, clip(e.OpType), quote(e.Name), e.Err)
}

func (e *ONNXNodeError) Unwrap() []error { return []error{e.Err, ErrModelFile} }

// clip shortens a name from a file to at most 80 bytes, for error messages.
func clip(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

func quote(s string) string { return fmt.Sprintf("%q", clip(s)) }

type onnxReader struct {
	opset  int64
	values map[string]*onnxValue
	layers int   // layers made so far, for onnxData.id
	budget int64 // numbers the reader may still allocate; see alloc
	limit  int64 // the budget at the start
}

// onnxNumbers bounds the numbers ReadONNX decodes, copies and broadcasts for a file of the
// given size: four per byte (a float16 weight takes two bytes; decoding it, transposing it and
// copying it into a layer make three numbers), and a million more for scalars broadcast to a
// layer's width. A file that uses one tensor in many nodes, or declares widths its weights do
// not have, cannot make the reader allocate more.
func onnxNumbers(size int) int64 { return 4*int64(size) + 1<<20 }

// alloc charges n numbers against the reader's budget (onnxNumbers).
func (r *onnxReader) alloc(n int) error {
	if int64(n) > r.budget {
		return fmt.Errorf("the graph's constants would take more numbers than a file of its size can hold (%d)", r.limit)
	}
	r.budget -= int64(n)
	return nil
}

func onnxToMLP(model *onnxpb.ModelProto, numbers int64) (*MLP, error) {
	r := &onnxReader{values: make(map[string]*onnxValue), budget: numbers, limit: numbers}
	for _, o := range model.GetOpsetImport() {
		if d := o.GetDomain(); d == "" || d == "ai.onnx" {
			r.opset = o.GetVersion()
		}
	}
	if r.opset == 0 {
		return nil, badONNX("the model imports no version of ONNX's standard operators (opset_import)")
	}
	if r.opset < 7 {
		return nil, badONNX("opset %d: Percept reads opset 7 and later", r.opset)
	}
	g := model.GetGraph()
	if g == nil {
		return nil, badONNX("the model has no graph")
	}
	if len(g.GetNode()) > maxONNXNodes {
		return nil, badONNX("the graph has %d nodes, more than the %d Percept reads", len(g.GetNode()), maxONNXNodes)
	}
	for _, t := range g.GetInitializer() {
		r.values[t.GetName()] = &onnxValue{tensor: t}
	}
	for _, t := range g.GetSparseInitializer() {
		name := t.GetValues().GetName()
		r.values[name] = &onnxValue{poison: "it is a sparse initializer, which Percept does not read"}
	}
	var input *onnxpb.ValueInfoProto
	for _, in := range g.GetInput() {
		if _, ok := r.values[in.GetName()]; ok {
			continue // an initializer listed as an input too, as older exporters do
		}
		if input != nil {
			return nil, badONNX("the graph has two inputs, %s and %s; an MLP has one", quote(input.GetName()), quote(in.GetName()))
		}
		input = in
	}
	if input == nil {
		return nil, badONNX("the graph has no input (other than initializers)")
	}
	d, err := inputData(input)
	if err != nil {
		return nil, err
	}
	r.values[input.GetName()] = &onnxValue{d: d}

	for i, n := range g.GetNode() {
		if err := r.node(n); err != nil {
			return nil, &ONNXNodeError{Index: i, OpType: n.GetOpType(), Name: n.GetName(), Err: err}
		}
	}
	return r.result(g)
}

// inputData describes the graph's input: a float tensor whose first dimension is the batch.
func inputData(in *onnxpb.ValueInfoProto) (*onnxData, error) {
	tt := in.GetType().GetTensorType()
	if tt == nil {
		return nil, badONNX("the graph's input %s is not a tensor", quote(in.GetName()))
	}
	switch t := onnxpb.TensorProto_DataType(tt.GetElemType()); t {
	case onnxpb.TensorProto_FLOAT, onnxpb.TensorProto_DOUBLE, onnxpb.TensorProto_FLOAT16:
	default:
		return nil, badONNX("the graph's input %s holds %v, not floating-point numbers", quote(in.GetName()), t)
	}
	d := &onnxData{stage: stageRaw, width: -1, dims: []int{-1}}
	if shape := tt.GetShape(); shape != nil {
		dims := shape.GetDim()
		if len(dims) < 2 || len(dims) > maxONNXRank {
			return nil, badONNX("the graph's input %s has %s; want [N, features] (or [N, ...] flattened)", quote(in.GetName()), count(len(dims), "dimension"))
		}
		d.dims = nil
		for _, dim := range dims[1:] {
			v := -1
			if dim.GetDimParam() == "" && dim.GetDimValue() > 0 && dim.GetDimValue() <= maxONNXBytes {
				v = int(dim.GetDimValue())
			}
			d.dims = append(d.dims, v)
		}
		if len(d.dims) == 1 {
			d.width = d.dims[0]
		}
	}
	return d, nil
}

// result makes the MLP that the graph's outputs are computed from.
func (r *onnxReader) result(g *onnxpb.GraphProto) (*MLP, error) {
	var net *onnxData
	var netName string
	for _, o := range g.GetOutput() {
		v := r.values[o.GetName()]
		switch {
		case v == nil:
			return nil, badONNX("the graph's output %s is not computed by any node", quote(o.GetName()))
		case v.d == nil:
			return nil, badONNX("the graph's output %s is a constant", quote(o.GetName()))
		}
		d := v.d
		switch {
		case d.stage == stageHidden && (d.act != Sigmoid || d.width != 1):
			return nil, badONNX("the graph's output %s is a layer's outputs after %v; Percept's networks end in logits, or their sigmoid (one) or softmax", quote(o.GetName()), d.act)
		case d.stage < stageAffine:
			return nil, badONNX("the graph's output %s is %s, before any layer", quote(o.GetName()), describeStage(d))
		case d.stage == stageOneMinus:
			return nil, badONNX("the graph's output %s is 1 − σ(z) alone", quote(o.GetName()))
		case net != nil && d.id != net.id:
			return nil, badONNX("the graph's outputs %s and %s come from different layers; an MLP's outputs come from its last", quote(netName), quote(o.GetName()))
		}
		if net == nil {
			net, netName = d, o.GetName()
		}
	}
	if net == nil {
		return nil, badONNX("the graph has no outputs")
	}

	m := &MLP{Inputs: net.in}
	for l := net.hidden; l != nil; l = l.prev {
		m.Hidden = append(m.Hidden, l.layer)
	}
	for i, j := 0, len(m.Hidden)-1; i < j; i, j = i+1, j-1 {
		m.Hidden[i], m.Hidden[j] = m.Hidden[j], m.Hidden[i]
	}
	m.Output = *net.last
	k, units := m.Output.W.Dims()
	m.Classes = max(units, 2)
	if units == 2 {
		// softmax(z₀, z₁)₁ = σ(z₁ − z₀): one logit, the difference.
		w := make([]float64, k)
		for i := range w {
			w[i] = m.Output.W.At(i, 1) - m.Output.W.At(i, 0)
		}
		out := Layer{W: mat.NewDense(k, 1, w)}
		if b := m.Output.B; b != nil {
			out.B = []float64{b[1] - b[0]}
		}
		m.Output = out
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", err, ErrModelFile)
	}
	return m, nil
}
