package dlkit

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/percept-go/percept/internal/onnxpb"
	"github.com/percept-go/percept/internal/safefile"
	"google.golang.org/protobuf/proto"
)

// ONNX files written by WriteONNX use the standard operator set (domain "") at version
// ONNXOpset, in a file of IR version 7 (ONNX 1.8 and later, ONNX Runtime 1.6 and later), and
// have one input and two outputs:
//
//	x              [N, features]    the raw points, one per row (N, the batch, is dynamic)
//	probabilities  [N, classes]     P(class k), as (*MLP).ProbaBatch
//	label          [N] int64        the most probable class, as (*MLP).PredictBatch
const (
	ONNXOpset         = 13
	ONNXInput         = "x"
	ONNXProbabilities = "probabilities"
	ONNXLabel         = "label"

	onnxIRVersion = 7
)

// ONNXOptions are the choices WriteONNX offers. The zero value writes float32.
type ONNXOptions struct {
	// Float64 stores the weights, the input and the probabilities as float64 (tensor(double)),
	// so that the runtime computes in float64 as Percept does and agrees with it to about
	// 1e-15. Without it they are float32, the type every runtime and accelerator supports;
	// the weights are rounded to the nearest float32, and the probabilities then agree with
	// Percept's to about 1e-7 on typical networks.
	Float64 bool
}

// WriteONNX writes the network to w as an ONNX model of standard operators, for ONNX Runtime
// and the other engines that serve models. The graph computes what Percept computes, step by
// step:
//
//	feature crosses   Slice x's columns x1, x2;  x1² = Mul(x1, x1), x1·x2 = Mul(x1, x2),
//	                  sin(x1) = Sin(x1), ...;  Concat(x, crosses...)  (axis 1)
//	standardisation   Div(Sub(inputs, mean), scale): kept as its own two nodes, not folded
//	                  into the first layer, so that the file shows it and ReadONNX reads it back
//	each layer        Gemm(h, W, b)  (W stored as inputs × units, as in Percept; a layer
//	                  without biases has no third input)
//	activation        Relu, Tanh or Sigmoid
//	two classes       p = Sigmoid(logit);  probabilities = Concat(Sub(1, p), p);
//	                  label = ArgMax(probabilities)
//	more classes      probabilities = Softmax(logits);  label = ArgMax(logits)
//
// What is not part of the computation — whether layers are frozen, the training history — is
// not written. The result is deterministic: the same network and options give the same bytes.
func (m *MLP) WriteONNX(w io.Writer, o ONNXOptions) error {
	model, err := m.onnxModel(o)
	if err != nil {
		return err
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(model)
	if err != nil {
		return fmt.Errorf("dlkit: encoding ONNX: %w", err)
	}
	_, err = w.Write(b)
	return err
}

// SaveONNX writes the network as an ONNX model (see WriteONNX) to the file at path, replacing
// it whole or not at all.
func (m *MLP) SaveONNX(path string, o ONNXOptions) error {
	if err := safefile.Write(path, func(w io.Writer) error { return m.WriteONNX(w, o) }); err != nil {
		return fmt.Errorf("dlkit: saving %s: %w", path, err)
	}
	return nil
}

// onnxBuilder collects a graph's nodes and initializers.
type onnxBuilder struct {
	g       *onnxpb.GraphProto
	float64 bool
	bytes   int // weights and constants so far, against maxONNXBytes
}

func (b *onnxBuilder) elemType() int32 {
	if b.float64 {
		return int32(onnxpb.TensorProto_DOUBLE)
	}
	return int32(onnxpb.TensorProto_FLOAT)
}

// node adds a node with one output, named after it.
func (b *onnxBuilder) node(op, output string, inputs []string, attrs ...*onnxpb.AttributeProto) {
	b.g.Node = append(b.g.Node, &onnxpb.NodeProto{
		Name: proto.String(output), OpType: proto.String(op), Input: inputs, Output: []string{output}, Attribute: attrs,
	})
}

func intAttr(name string, v int64) *onnxpb.AttributeProto {
	return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_INT.Enum(), I: proto.Int64(v)}
}

// floats adds an initializer of the graph's float type with the given shape, and returns its
// name. In float32, a value beyond float32's range is an error naming what.
func (b *onnxBuilder) floats(name, what string, dims []int64, v []float64) (string, error) {
	size := 4
	if b.float64 {
		size = 8
	}
	if len(v) > (maxONNXBytes-b.bytes)/size {
		return "", fmt.Errorf("dlkit: the network's weights take more than %d bytes, the most an ONNX file written by Percept may hold", maxONNXBytes)
	}
	b.bytes += len(v) * size
	raw := make([]byte, len(v)*size)
	for i, x := range v {
		if b.float64 {
			binary.LittleEndian.PutUint64(raw[8*i:], math.Float64bits(x))
			continue
		}
		f := float32(x)
		if math.IsInf(float64(f), 0) {
			return "", fmt.Errorf("dlkit: %s[%d] is %v, beyond float32's range: export with float64 weights", what, i, x)
		}
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(f))
	}
	b.g.Initializer = append(b.g.Initializer, &onnxpb.TensorProto{
		Name: proto.String(name), Dims: dims, DataType: proto.Int32(b.elemType()), RawData: raw,
	})
	return name, nil
}

// ints adds a one-dimensional int64 initializer and returns its name.
func (b *onnxBuilder) ints(name string, v ...int64) string {
	b.g.Initializer = append(b.g.Initializer, &onnxpb.TensorProto{
		Name: proto.String(name), Dims: []int64{int64(len(v))}, DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Int64Data: v,
	})
	return name
}

// valueInfo describes a tensor of the given element type whose first dimension is the batch.
func valueInfo(name string, elem int32, dims ...int64) *onnxpb.ValueInfoProto {
	shape := &onnxpb.TensorShapeProto{Dim: []*onnxpb.TensorShapeProto_Dimension{
		{Value: &onnxpb.TensorShapeProto_Dimension_DimParam{DimParam: "N"}},
	}}
	for _, d := range dims {
		shape.Dim = append(shape.Dim, &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: d}})
	}
	return &onnxpb.ValueInfoProto{Name: proto.String(name), Type: &onnxpb.TypeProto{
		Value: &onnxpb.TypeProto_TensorType{TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(elem), Shape: shape}},
	}}
}

// onnxCrossNames name the tensors of the feature crosses (ONNX names are identifiers).
var onnxCrossNames = [...]string{X1Squared: "x1_squared", X2Squared: "x2_squared", X1X2: "x1_x2", SinX1: "sin_x1", SinX2: "sin_x2"}

// onnxActivations are the ONNX operators of the hidden activations.
var onnxActivations = [...]string{Sigmoid: "Sigmoid", Tanh: "Tanh", ReLU: "Relu"}

func (m *MLP) onnxModel(o ONNXOptions) (*onnxpb.ModelProto, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	b := &onnxBuilder{g: &onnxpb.GraphProto{Name: proto.String("percept_mlp")}, float64: o.Float64}
	in := &m.Inputs
	b.g.Input = []*onnxpb.ValueInfoProto{valueInfo(ONNXInput, b.elemType(), int64(in.Features))}
	h := ONNXInput

	if len(in.Crosses) > 0 {
		column := func(k int64) string {
			name := fmt.Sprintf("x%d", k+1)
			b.node("Slice", name, []string{ONNXInput, b.ints(name+"_start", k), b.ints(name+"_end", k+1), b.ints(name+"_axis", 1)})
			return name
		}
		x1, x2 := column(0), column(1)
		parts := []string{ONNXInput}
		for _, c := range in.Crosses {
			name := onnxCrossNames[c]
			switch c {
			case X1Squared:
				b.node("Mul", name, []string{x1, x1})
			case X2Squared:
				b.node("Mul", name, []string{x2, x2})
			case X1X2:
				b.node("Mul", name, []string{x1, x2})
			case SinX1:
				b.node("Sin", name, []string{x1})
			case SinX2:
				b.node("Sin", name, []string{x2})
			}
			parts = append(parts, name)
		}
		h = "inputs"
		b.node("Concat", h, parts, intAttr("axis", 1))
	}
	if in.Mean != nil {
		width := []int64{int64(in.Width())}
		mean, err := b.floats("mean", "Inputs.Mean", width, in.Mean)
		if err != nil {
			return nil, err
		}
		scale, err := b.floats("scale", "Inputs.Scale", width, in.Scale)
		if err != nil {
			return nil, err
		}
		b.node("Sub", "centred", []string{h, mean})
		b.node("Div", "standardised", []string{"centred", scale})
		h = "standardised"
	}

	for l := range len(m.Hidden) + 1 {
		layer := m.layer(l)
		name, what := fmt.Sprintf("hidden%d", l+1), fmt.Sprintf("hidden layer %d", l)
		if l == len(m.Hidden) {
			name, what = "output", "output layer"
		}
		r, c := layer.W.Dims()
		weights, err := b.floats(name+"_weight", what+" weights", []int64{int64(r), int64(c)}, rawData(layer.W))
		if err != nil {
			return nil, err
		}
		inputs := []string{h, weights}
		if layer.B != nil {
			bias, err := b.floats(name+"_bias", what+" biases", []int64{int64(c)}, layer.B)
			if err != nil {
				return nil, err
			}
			inputs = append(inputs, bias)
		}
		if l == len(m.Hidden) {
			b.node("Gemm", "logits", inputs)
			break
		}
		b.node("Gemm", name+"_z", inputs)
		b.node(onnxActivations[layer.Activation], name, []string{name + "_z"})
		h = name
	}

	if m.Classes == 2 {
		one, err := b.floats("one", "1", nil, []float64{1})
		if err != nil {
			return nil, err
		}
		b.node("Sigmoid", "p1", []string{"logits"})
		b.node("Sub", "p0", []string{one, "p1"})
		b.node("Concat", ONNXProbabilities, []string{"p0", "p1"}, intAttr("axis", 1))
		b.node("ArgMax", ONNXLabel, []string{ONNXProbabilities}, intAttr("axis", 1), intAttr("keepdims", 0))
	} else {
		b.node("Softmax", ONNXProbabilities, []string{"logits"}, intAttr("axis", 1))
		b.node("ArgMax", ONNXLabel, []string{"logits"}, intAttr("axis", 1), intAttr("keepdims", 0))
	}
	b.g.Output = []*onnxpb.ValueInfoProto{
		valueInfo(ONNXProbabilities, b.elemType(), int64(m.Classes)),
		valueInfo(ONNXLabel, int32(onnxpb.TensorProto_INT64)),
	}
	return &onnxpb.ModelProto{
		IrVersion:    proto.Int64(onnxIRVersion),
		OpsetImport:  []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(ONNXOpset)}},
		ProducerName: proto.String("percept"),
		DocString:    proto.String(m.onnxDoc(o)),
		Graph:        b.g,
	}, nil
}

// onnxDoc describes the network for the model's doc_string, which viewers such as Netron show.
func (m *MLP) onnxDoc(o ONNXOptions) string {
	var s strings.Builder
	fmt.Fprintf(&s, "Percept MLP: %s", count(m.Inputs.Features, "feature"))
	for i, c := range m.Inputs.Crosses {
		if i == 0 {
			s.WriteString(" with crosses")
		}
		s.WriteString(" " + c.String())
	}
	if m.Inputs.Mean != nil {
		s.WriteString(", standardised")
	}
	for _, l := range m.Hidden {
		_, c := l.W.Dims()
		fmt.Fprintf(&s, "; hidden %d %v", c, l.Activation)
	}
	out := "sigmoid"
	if m.Classes > 2 {
		out = "softmax"
	}
	t := "float32"
	if o.Float64 {
		t = "float64"
	}
	fmt.Fprintf(&s, "; %d classes (%s); %s. Input %s [N, %d]; outputs %s [N, %d], %s [N] (int64).",
		m.Classes, out, t, ONNXInput, m.Inputs.Features, ONNXProbabilities, m.Classes, ONNXLabel)
	return s.String()
}
