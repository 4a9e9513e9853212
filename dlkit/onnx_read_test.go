package dlkit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/percept-go/percept/internal/onnxpb"
	"gonum.org/v1/gonum/mat"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// testGraph builds ONNX models by hand, for the reader's tests.
type testGraph struct{ m *onnxpb.ModelProto }

// newTestGraph starts a model at the given opset with one float input "x" of shape
// [N, dims...]; a dimension of 0 is unknown (a dim_param). No dims: no shape at all.
func newTestGraph(opset int64, dims ...int64) *testGraph {
	var shape *onnxpb.TensorShapeProto
	if len(dims) > 0 {
		shape = &onnxpb.TensorShapeProto{Dim: []*onnxpb.TensorShapeProto_Dimension{{Value: &onnxpb.TensorShapeProto_Dimension_DimParam{DimParam: "N"}}}}
		for _, d := range dims {
			dim := &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: d}}
			if d == 0 {
				dim.Value = &onnxpb.TensorShapeProto_Dimension_DimParam{DimParam: "F"}
			}
			shape.Dim = append(shape.Dim, dim)
		}
	}
	in := &onnxpb.ValueInfoProto{Name: proto.String("x"), Type: &onnxpb.TypeProto{Value: &onnxpb.TypeProto_TensorType{
		TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), Shape: shape}}}}
	return &testGraph{&onnxpb.ModelProto{
		IrVersion:   proto.Int64(7),
		OpsetImport: []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(opset)}},
		Graph:       &onnxpb.GraphProto{Input: []*onnxpb.ValueInfoProto{in}},
	}}
}

// floats adds a float32 initializer (raw_data), with values given in row-major order.
func (g *testGraph) floats(name string, dims []int64, v ...float64) *testGraph {
	raw := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(float32(x)))
	}
	return g.tensor(&onnxpb.TensorProto{Name: proto.String(name), Dims: dims, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), RawData: raw})
}

func (g *testGraph) ints(name string, v ...int64) *testGraph {
	return g.tensor(&onnxpb.TensorProto{Name: proto.String(name), Dims: []int64{int64(len(v))}, DataType: proto.Int32(int32(onnxpb.TensorProto_INT64)), Int64Data: v})
}

func (g *testGraph) tensor(t *onnxpb.TensorProto) *testGraph {
	g.m.Graph.Initializer = append(g.m.Graph.Initializer, t)
	return g
}

func (g *testGraph) node(op string, inputs []string, output string, attrs ...*onnxpb.AttributeProto) *testGraph {
	g.m.Graph.Node = append(g.m.Graph.Node, &onnxpb.NodeProto{Name: proto.String(output), OpType: proto.String(op), Input: inputs, Output: []string{output}, Attribute: attrs})
	return g
}

func (g *testGraph) output(names ...string) *testGraph {
	for _, n := range names {
		g.m.Graph.Output = append(g.m.Graph.Output, &onnxpb.ValueInfoProto{Name: proto.String(n)})
	}
	return g
}

func (g *testGraph) read(t *testing.T) (*MLP, error) {
	t.Helper()
	return ReadONNX(bytes.NewReader(onnxBytes(t, g.m)))
}

func floatAttr(name string, v float32) *onnxpb.AttributeProto {
	return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_FLOAT.Enum(), F: proto.Float32(v)}
}

func intsAttr(name string, v ...int64) *onnxpb.AttributeProto {
	return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_INTS.Enum(), Ints: v}
}

func tensorAttr(name string, t *onnxpb.TensorProto) *onnxpb.AttributeProto {
	return &onnxpb.AttributeProto{Name: proto.String(name), Type: onnxpb.AttributeProto_TENSOR.Enum(), T: t}
}

// layer2x3 is the weights of a 2-input, 3-unit layer stored inputs × units, and w3x2 the
// same stored units × inputs (PyTorch's Linear.weight).
var (
	w2x3 = []float64{0.5, -1, 2, 1.5, 0.25, -0.75}
	w3x2 = []float64{0.5, 1.5, -1, 0.25, 2, -0.75}
	b3   = []float64{0.125, -0.5, 1}
	w3x1 = []float64{1, -2, 0.5}
)

// wantNet is the network that every graph in TestReadONNXGraphs describes, in one way or
// another: 2 inputs, a layer of 3 units (activation act), and one logit.
func wantNet(act Activation, in Inputs) *MLP {
	return &MLP{
		Inputs:  in,
		Hidden:  []Layer{{W: mat.NewDense(2, 3, append([]float64(nil), w2x3...)), B: append([]float64(nil), b3...), Activation: act}},
		Output:  Layer{W: mat.NewDense(3, 1, append([]float64(nil), w3x1...)), B: []float64{-0.25}},
		Classes: 2,
	}
}

// TestReadONNXGraphs reads graphs written the many ways an exporter may write the same MLP.
func TestReadONNXGraphs(t *testing.T) {
	plain := Inputs{Features: 2}
	for i, test := range []struct {
		name string
		g    *testGraph
		want *MLP
	}{
		{"Gemm with transB, Identity nodes, sigmoid output", newTestGraph(14, 2).floats("w1", []int64{3, 2}, w3x2...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{1, 3}, w3x1...).floats("b2", []int64{1}, -0.25).
			node("Identity", []string{"x"}, "x0").node("Gemm", []string{"x0", "w1", "b1"}, "z1", intAttr("transB", 1)).
			node("Identity", []string{"z1"}, "z1b").node("Tanh", []string{"z1b"}, "h1").
			node("Gemm", []string{"h1", "w2", "b2"}, "z2", intAttr("transB", 1)).node("Sigmoid", []string{"z2"}, "p").output("p"),
			wantNet(Tanh, plain)},
		{"MatMul + Add (bias first), Transpose of the weights, logit output", newTestGraph(13, 2).floats("w1", []int64{3, 2}, w3x2...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{3, 1}, w3x1...).floats("b2", []int64{1}, -0.25).
			node("Transpose", []string{"w1"}, "w1t", intsAttr("perm", 1, 0)).node("MatMul", []string{"x", "w1t"}, "m1").
			node("Add", []string{"b1", "m1"}, "z1").node("Relu", []string{"z1"}, "h1").node("MatMul", []string{"h1", "w2"}, "m2").
			node("Add", []string{"m2", "b2"}, "z2").output("z2"),
			wantNet(ReLU, plain)},
		{"Constant nodes, Gemm alpha and beta, bias [1, units], Dropout", newTestGraph(13, 2).
			node("Constant", nil, "w1", tensorAttr("value", &onnxpb.TensorProto{Dims: []int64{2, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_DOUBLE)), DoubleData: []float64{0.25, -0.5, 1, 0.75, 0.125, -0.375}})).
			node("Constant", nil, "b1", tensorAttr("value", &onnxpb.TensorProto{Dims: []int64{1, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), FloatData: []float32{0.25, -1, 2}})).
			node("Constant", nil, "w2", tensorAttr("value", &onnxpb.TensorProto{Dims: []int64{3, 1}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), FloatData: []float32{1, -2, 0.5}})).
			node("Constant", nil, "b2", &onnxpb.AttributeProto{Name: proto.String("value_floats"), Floats: []float32{-0.25}}).
			node("Constant", nil, "off", tensorAttr("value", &onnxpb.TensorProto{DataType: proto.Int32(int32(onnxpb.TensorProto_BOOL)), Int32Data: []int32{0}})).
			node("Gemm", []string{"x", "w1", "b1"}, "z1", floatAttr("alpha", 2), floatAttr("beta", 0.5)).
			node("Sigmoid", []string{"z1"}, "h1").node("Dropout", []string{"h1", "", "off"}, "h1d").
			node("Gemm", []string{"h1d", "w2", "b2"}, "z2").output("z2"),
			wantNet(Sigmoid, plain)},
		{"Flatten of [N, 1, 2], scalar bias, softmax of two logits, label", newTestGraph(11, 1, 2).floats("w1", []int64{2, 3}, w2x3...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{3, 2}, 0, 1, 0, -2, 0, 0.5).floats("b2", nil, 0.5).
			node("Flatten", []string{"x"}, "xf").node("Gemm", []string{"xf", "w1", "b1"}, "z1").node("Sigmoid", []string{"z1"}, "h1").
			node("Gemm", []string{"h1", "w2", "b2"}, "z2").node("Softmax", []string{"z2"}, "p").node("ArgMax", []string{"p"}, "label", intAttr("axis", 1), intAttr("keepdims", 0)).
			output("p", "label"),
			&MLP{Inputs: plain, Classes: 2,
				Hidden: []Layer{{W: mat.NewDense(2, 3, append([]float64(nil), w2x3...)), B: append([]float64(nil), b3...), Activation: Sigmoid}},
				Output: Layer{W: mat.NewDense(3, 1, []float64{1, -2, 0.5}), B: []float64{0}}}},
		{"no input shape, Reshape [-1, 2], standardisation by Sub and Div", newTestGraph(13).floats("w1", []int64{2, 3}, w2x3...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{3, 1}, w3x1...).floats("b2", []int64{1}, -0.25).floats("mean", []int64{2}, 1, -2).floats("scale", []int64{1, 2}, 4, 0.5).ints("shape", -1, 2).
			node("Reshape", []string{"x", "shape"}, "xr").node("Sub", []string{"xr", "mean"}, "c").node("Div", []string{"c", "scale"}, "s").
			node("Gemm", []string{"s", "w1", "b1"}, "z1").node("Tanh", []string{"z1"}, "h1").node("Gemm", []string{"h1", "w2", "b2"}, "z2").output("z2"),
			wantNet(Tanh, Inputs{Features: 2, Mean: []float64{1, -2}, Scale: []float64{4, 0.5}})},
		{"no input shape, Sub and Div straight away", newTestGraph(13).floats("w1", []int64{2, 3}, w2x3...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{3, 1}, w3x1...).floats("b2", []int64{1}, -0.25).floats("mean", []int64{2}, 1, -2).floats("scale", []int64{2}, 4, 0.5).
			node("Sub", []string{"x", "mean"}, "c").node("Div", []string{"c", "scale"}, "s").
			node("Gemm", []string{"s", "w1", "b1"}, "z1").node("Tanh", []string{"z1"}, "h1").node("Gemm", []string{"h1", "w2", "b2"}, "z2").output("z2"),
			wantNet(Tanh, Inputs{Features: 2, Mean: []float64{1, -2}, Scale: []float64{4, 0.5}})},
		{"Div alone, Gather columns for crosses", newTestGraph(13, 2).floats("w1", []int64{4, 3}, append(append([]float64(nil), w2x3...), 1, 0, -1, 0.5, 0.5, 0.5)...).floats("b1", []int64{3}, b3...).
			floats("w2", []int64{3, 1}, w3x1...).floats("b2", []int64{1}, -0.25).floats("scale", nil, 2).ints("i0", 0).ints("i1", 1).
			node("Gather", []string{"x", "i0"}, "x1", intAttr("axis", 1)).node("Gather", []string{"x", "i1"}, "x2", intAttr("axis", 1)).
			node("Mul", []string{"x2", "x1"}, "x1x2").node("Sin", []string{"x1"}, "s1").node("Concat", []string{"x", "x1x2", "s1"}, "in", intAttr("axis", -1)).
			node("Div", []string{"in", "scale"}, "s").node("Gemm", []string{"s", "w1", "b1"}, "z1").node("Relu", []string{"z1"}, "h1").
			node("Gemm", []string{"h1", "w2", "b2"}, "z2").output("z2"),
			&MLP{Inputs: Inputs{Features: 2, Crosses: []Cross{X1X2, SinX1}, Mean: []float64{0, 0, 0, 0}, Scale: []float64{2, 2, 2, 2}}, Classes: 2,
				Hidden: []Layer{{W: mat.NewDense(4, 3, append(append([]float64(nil), w2x3...), 1, 0, -1, 0.5, 0.5, 0.5)), B: append([]float64(nil), b3...), Activation: ReLU}},
				Output: Layer{W: mat.NewDense(3, 1, append([]float64(nil), w3x1...)), B: []float64{-0.25}}}},
		{"FLOAT16 weights, logits and LogSoftmax outputs of three classes", newTestGraph(13, 2).
			tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{2, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT16)),
				RawData: []byte{0x00, 0x38, 0x00, 0xbc, 0x00, 0x40, 0x00, 0x3e, 0x00, 0x34, 0x00, 0xba}}). // 0.5 −1 2 1.5 0.25 −0.75
			floats("w2", []int64{3, 3}, 1, 0, -1, -2, 1, 0, 0.5, 0.5, 0.5).
			node("Gemm", []string{"x", "w1"}, "z1").node("Relu", []string{"z1"}, "h1").node("Gemm", []string{"h1", "w2"}, "z2").
			node("LogSoftmax", []string{"z2"}, "lp", intAttr("axis", 1)).output("z2", "lp"),
			&MLP{Inputs: plain, Classes: 3,
				Hidden: []Layer{{W: mat.NewDense(2, 3, append([]float64(nil), w2x3...)), Activation: ReLU}},
				Output: Layer{W: mat.NewDense(3, 3, []float64{1, 0, -1, -2, 1, 0, 0.5, 0.5, 0.5})}}},
	} {
		m, err := test.g.read(t)
		if err != nil {
			t.Errorf("case %d (%s): %v", i, test.name, err)
			continue
		}
		if !reflect.DeepEqual(m, test.want) {
			t.Errorf("case %d (%s): read\n%+v\nwant\n%+v", i, test.name, m, test.want)
		}
	}
}

// TestReadONNXErrors checks that graphs ReadONNX cannot map, and broken files, are errors
// that say what and where, wrapping ErrModelFile (and, for a node, naming it).
func TestReadONNXErrors(t *testing.T) {
	base := func() *testGraph { // x [N, 2] → Gemm → Tanh → Gemm → logit, missing its output
		return newTestGraph(14, 2).floats("w1", []int64{2, 3}, w2x3...).floats("b1", []int64{3}, b3...).floats("w2", []int64{3, 1}, w3x1...).
			node("Gemm", []string{"x", "w1", "b1"}, "z1").node("Tanh", []string{"z1"}, "h1")
	}
	good := func() *testGraph { return base().node("Gemm", []string{"h1", "w2"}, "z2").output("z2") }
	if _, err := good().read(t); err != nil {
		t.Fatalf("the graph the errors start from: %v", err)
	}
	edit := func(g *testGraph, f func(m *onnxpb.ModelProto)) *testGraph { f(g.m); return g }
	for i, test := range []struct {
		name string
		g    *testGraph
		node int // the node named in the error, or -1
		want string
	}{
		{"another domain", edit(good(), func(m *onnxpb.ModelProto) { m.Graph.Node[1].Domain = proto.String("com.microsoft") }), 1, `operator domain "com.microsoft"`},
		{"undefined input", base().node("Gemm", []string{"h2", "w2"}, "z2").output("z2"), 2, `input "h2" is not the graph's input, an initializer or an earlier node's output`},
		{"two layers in a row", newTestGraph(14, 2).floats("w1", []int64{2, 2}, 1, 2, 3, 4).node("Gemm", []string{"x", "w1"}, "z1").node("MatMul", []string{"z1", "w1"}, "z2").output("z2"), 1, "two layers with no activation between them"},
		{"transA", base().node("Gemm", []string{"h1", "w2"}, "z2", intAttr("transA", 1)).output("z2"), 2, "transA 1"},
		{"weights computed", base().node("MatMul", []string{"h1", "h1"}, "z2").output("z2"), 2, "MatMul of two computed tensors"},
		{"weights of the wrong size", base().floats("w3", []int64{4, 1}, 1, 2, 3, 4).node("Gemm", []string{"h1", "w3"}, "z2").output("z2"), 2, "weights take 4 inputs; the tensor it multiplies has 3 columns"},
		{"integer weights", base().ints("w3", 1, 2, 3).node("Reshape", []string{"h1", "shape"}, "z2").ints("shape", -1, 3).node("MatMul", []string{"z2", "w3"}, "z3").output("z3"), 3, "want a matrix of numbers"},
		{"softmax of one logit", good().node("Softmax", []string{"z2"}, "p").output("p"), 3, "softmax turns two or more logits"},
		{"ArgMax along the batch", good().node("ArgMax", []string{"z2"}, "l"), 3, "axis 0"},
		{"Dropout in training mode", base().tensor(&onnxpb.TensorProto{Name: proto.String("on"), DataType: proto.Int32(int32(onnxpb.TensorProto_BOOL)), RawData: []byte{1}}).
			node("Dropout", []string{"h1", "", "on"}, "h1d").node("Gemm", []string{"h1d", "w2"}, "z2").output("z2"), 2, "Dropout in training mode"},
		{"Reshape of a constant", base().ints("shape", 3, 1).node("Reshape", []string{"w2", "shape"}, "w2r"), 2, "Reshape of constants"},
		{"Sub after the first layer", base().floats("m", nil, 1).node("Sub", []string{"h1", "m"}, "c"), 2, "Sub of a layer's outputs (after tanh)"},
		{"Mul of the input by a constant", newTestGraph(14, 2).floats("c", nil, 2).node("Mul", []string{"x", "c"}, "y"), 0, "Mul of the input; Percept maps Mul and Sin only to feature crosses"},
		{"Slice of two columns", newTestGraph(14, 2).ints("s", 0).ints("e", 2).ints("a", 1).node("Slice", []string{"x", "s", "e", "a"}, "y"), 0, "Slice from 0 to [2]"},
		{"mean of the wrong length", newTestGraph(14, 2).floats("m", []int64{3}, 1, 2, 3).node("Sub", []string{"x", "m"}, "c"), 0, "has shape [3]; want [2] or a scalar"},
		{"Gemm of a 4-D input", newTestGraph(14, 1, 2, 1).floats("w1", []int64{2, 3}, w2x3...).node("Gemm", []string{"x", "w1"}, "z"), 0, "Gemm of the input of shape [N 1 2 1]; flatten it"},
		{"raw_data too short", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{2, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)), RawData: make([]byte, 20)}).
			node("Gemm", []string{"x", "w1"}, "z"), 0, `tensor "w1" of shape [2 3] needs 24 bytes of FLOAT, its raw_data has 20`},
		{"more numbers than a file holds", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{1 << 40, 1 << 40}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT))}).
			node("Gemm", []string{"x", "w1"}, "z"), 0, "a negative size, or more numbers than a file can hold"},
		{"product of dimensions too large", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{1 << 20, 1 << 20}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT))}).
			node("Gemm", []string{"x", "w1"}, "z"), 0, "more numbers than a file can hold"},
		{"negative dimension", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{2, -3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT))}).
			node("Gemm", []string{"x", "w1"}, "z"), 0, "a negative size"},
		{"external data", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{2, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)),
			DataLocation: onnxpb.TensorProto_EXTERNAL.Enum()}).node("Gemm", []string{"x", "w1"}, "z"), 0, "keeps its data in an external file"},
		{"numbers in another type's field", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{2, 3}, DataType: proto.Int32(int32(onnxpb.TensorProto_FLOAT)),
			DoubleData: w2x3}).node("Gemm", []string{"x", "w1"}, "z"), 0, "keeps numbers in another type's field"},
		{"a string tensor", newTestGraph(14, 2).tensor(&onnxpb.TensorProto{Name: proto.String("w1"), Dims: []int64{1}, DataType: proto.Int32(int32(onnxpb.TensorProto_STRING)), StringData: [][]byte{[]byte("a")}}).
			node("Gemm", []string{"x", "w1"}, "z"), 0, "holds STRING"},
		{"a node without an op type", newTestGraph(14, 2).node("", []string{"x"}, "y"), 0, "the node has no op_type"},
		{"a node without outputs", edit(good(), func(m *onnxpb.ModelProto) { m.Graph.Node[1].Output = nil }), 1, "the node has no output"},

		{"output after Relu", newTestGraph(14, 2).floats("w1", []int64{2, 3}, w2x3...).node("Gemm", []string{"x", "w1"}, "z1").node("Relu", []string{"z1"}, "h").output("h"), -1,
			`output "h" is a layer's outputs after relu`},
		{"output sigmoid of 3 units", newTestGraph(14, 2).floats("w1", []int64{2, 3}, w2x3...).node("Gemm", []string{"x", "w1"}, "z1").node("Sigmoid", []string{"z1"}, "h").output("h"), -1,
			`output "h" is a layer's outputs after sigmoid`},
		{"outputs of two layers", good().output("z1"), -1, `outputs "z2" and "z1" come from different layers`},
		{"output before any layer", newTestGraph(14, 2).node("Identity", []string{"x"}, "y").output("y"), -1, `output "y" is the input, before any layer`},
		{"output not computed", base().output("z9"), -1, `output "z9" is not computed by any node`},
		{"output a constant", base().output("w2"), -1, `output "w2" is a constant`},
		{"no outputs", base(), -1, "the graph has no outputs"},
		{"two inputs", edit(good(), func(m *onnxpb.ModelProto) {
			m.Graph.Input = append(m.Graph.Input, &onnxpb.ValueInfoProto{Name: proto.String("y"), Type: m.Graph.Input[0].Type})
		}), -1, `the graph has two inputs, "x" and "y"`},
		{"integer input", edit(good(), func(m *onnxpb.ModelProto) {
			m.Graph.Input[0].Type.GetTensorType().ElemType = proto.Int32(int32(onnxpb.TensorProto_INT64))
		}), -1, `input "x" holds INT64, not floating-point numbers`},
		{"input without a batch", edit(good(), func(m *onnxpb.ModelProto) {
			tt := m.Graph.Input[0].Type.GetTensorType()
			tt.Shape.Dim = tt.Shape.Dim[1:]
		}), -1, `input "x" has 1 dimension; want [N, features]`},
		{"opset 6", edit(good(), func(m *onnxpb.ModelProto) { m.OpsetImport[0].Version = proto.Int64(6) }), -1, "opset 6: Percept reads opset 7 and later"},
		{"no opset", edit(good(), func(m *onnxpb.ModelProto) { m.OpsetImport = nil }), -1, "imports no version of ONNX's standard operators"},
		{"no graph", edit(good(), func(m *onnxpb.ModelProto) { m.Graph = nil }), -1, "the model has no graph"},
		{"a width declared but not backed by weights", newTestGraph(14, 1<<29).floats("s", nil, 2).node("Div", []string{"x", "s"}, "xs"), 0,
			"would take more numbers than a file of its size can hold"},
		{"a scalar mean for an input of unknown width", newTestGraph(14).floats("m", nil, 1).node("Sub", []string{"x", "m"}, "c"), 0,
			"is a scalar, for an input whose number of features is not known"},
		{"a NaN weight", newTestGraph(14, 2).floats("w1", []int64{2, 1}, 1, math.NaN()).node("Gemm", []string{"x", "w1"}, "z").output("z"), -1,
			"output layer weights[1] is NaN"},
		{"a scale of 0", newTestGraph(14, 2).floats("w1", []int64{2, 1}, 1, 2).floats("s", []int64{2}, 1, 0).node("Div", []string{"x", "s"}, "xs").
			node("Gemm", []string{"xs", "w1"}, "z").output("z"), -1, "Inputs.Scale[1] is 0, want > 0"},
	} {
		_, err := test.g.read(t)
		var ne *ONNXNodeError
		switch {
		case err == nil:
			t.Errorf("case %d (%s): no error", i, test.name)
		case !errors.Is(err, ErrModelFile):
			t.Errorf("case %d (%s): error %v does not wrap ErrModelFile", i, test.name, err)
		case !strings.Contains(err.Error(), test.want):
			t.Errorf("case %d (%s): error %q, want one containing %q", i, test.name, err, test.want)
		case errors.As(err, &ne) != (test.node >= 0) || ne != nil && ne.Index != test.node:
			t.Errorf("case %d (%s): error %v, want one naming node %d", i, test.name, err, test.node)
		}
	}
}

// TestReadONNXLimits checks the limits on what a file may make ReadONNX allocate, each
// refused before the allocation, and broken or foreign files.
func TestReadONNXLimits(t *testing.T) {
	nodes := func(n int, node []byte) []byte {
		graph := bytes.Repeat(node, n)
		b := protowire.AppendTag(nil, 7, protowire.BytesType) // ModelProto.graph
		b = protowire.AppendBytes(b, graph)
		opset := protowire.AppendVarint(protowire.AppendTag(nil, 2, protowire.VarintType), 14) // OperatorSetIdProto.version
		return protowire.AppendBytes(protowire.AppendTag(b, 8, protowire.BytesType), opset)    // ModelProto.opset_import
	}
	emptyNode := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), nil) // GraphProto.node, empty
	identity := onnxBytes(t, &onnxpb.NodeProto{OpType: proto.String("Identity"), Input: []string{"x"}, Output: []string{"y"}})
	identity = protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), identity)

	// A tensor whose 2 million float_data numbers come in 2 million packed pieces: decoding
	// it would copy the growing slice each time.
	var pieces []byte
	for range 2_000_000 {
		pieces = protowire.AppendTag(pieces, 4, protowire.BytesType) // TensorProto.float_data, packed
		pieces = protowire.AppendBytes(pieces, []byte{0, 0, 0x80, 0x3f})
	}
	tensor := protowire.AppendBytes(protowire.AppendTag(nil, 5, protowire.BytesType), pieces) // GraphProto.initializer

	deep := []byte{}
	for range 100 { // a graph in an attribute of a node of a graph ...
		attr := protowire.AppendBytes(protowire.AppendTag(nil, 6, protowire.BytesType), deep) // AttributeProto.g
		node := protowire.AppendBytes(protowire.AppendTag(nil, 5, protowire.BytesType), attr) // NodeProto.attribute
		deep = protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), node)  // GraphProto.node
	}

	exported := new(bytes.Buffer)
	if err := onnxTestNets(t)[1].WriteONNX(exported, ONNXOptions{}); err != nil {
		t.Fatal(err)
	}
	for i, test := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "empty file"},
		{"JSON", []byte(` {"format": "percept-mlp"}`), "this is JSON (a Percept model file?), not ONNX"},
		{"truncated", exported.Bytes()[:exported.Len()/2], "malformed protobuf at byte"},
		{"garbage", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, "malformed protobuf at byte 0"},
		{"a group", []byte{0x0b, 0x0c}, "wire type 3, which ONNX does not use"},
		{"5 million empty nodes", nodes(5_000_000, emptyNode), "decoding it would take more than 2147483648 bytes of memory"},
		{"70,000 nodes", nodes(70_000, identity), "the graph has 70000 nodes, more than the 65536 Percept reads"},
		{"packed numbers in 2 million pieces", nodes(1, tensor), "decoding it would take more than 2147483648 bytes of memory"},
		{"nested 100 deep", nodes(1, deep), "messages nested more than 32 deep"},
	} {
		_, err := ReadONNX(bytes.NewReader(test.b))
		if !errors.Is(err, ErrModelFile) || !strings.Contains(err.Error(), test.want) {
			t.Errorf("case %d (%s): error %v, want one containing %q wrapping ErrModelFile", i, test.name, err, test.want)
		}
	}

	// The limit on the file's size, with a small limit (ReadONNX's is 1 GiB).
	if b, err := readAtMost(bytes.NewReader(make([]byte, 100)), 100); err != nil || len(b) != 100 {
		t.Errorf("100 bytes at most 100: %d bytes, %v", len(b), err)
	}
	if _, err := readAtMost(bytes.NewReader(make([]byte, 101)), 100); !errors.Is(err, ErrModelFile) || !strings.Contains(err.Error(), "larger than 100 bytes") {
		t.Errorf("101 bytes at most 100: error %v", err)
	}
}
