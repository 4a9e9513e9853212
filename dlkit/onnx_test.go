package dlkit

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/percept-go/percept/internal/onnxpb"
	"gonum.org/v1/gonum/mat"
	"google.golang.org/protobuf/proto"
)

// onnxTestNets are networks with every part WriteONNX writes: each hidden activation, every
// feature cross, standardisation, layers without biases, two classes and more, no hidden
// layer at all.
func onnxTestNets(t testing.TB) []*MLP {
	t.Helper()
	net := func(c MLPConfig, standardise bool, edit func(m *MLP)) *MLP {
		m, err := NewMLP(c)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(c.Seed, 14))
		for l := range len(m.Hidden) + 1 {
			for i := range m.layer(l).B {
				m.layer(l).B[i] = rng.NormFloat64()
			}
		}
		if standardise {
			w := m.Inputs.Width()
			m.Inputs.Mean, m.Inputs.Scale = make([]float64, w), make([]float64, w)
			for i := range w {
				m.Inputs.Mean[i], m.Inputs.Scale[i] = rng.NormFloat64(), 0.5+rng.Float64()
			}
		}
		if edit != nil {
			edit(m)
		}
		if err := m.Check(); err != nil {
			t.Fatal(err)
		}
		return m
	}
	return []*MLP{
		Logistic([]float64{0.5, -1.25, 2}, 0.1),
		net(MLPConfig{Features: 2, Crosses: []Cross{X1Squared, X2Squared, X1X2, SinX1, SinX2}, Hidden: []int{4, 3, 5}, Activation: Tanh, Seed: 1}, true, func(m *MLP) {
			m.Hidden[0].Activation, m.Hidden[1].Activation, m.Hidden[2].Activation = Sigmoid, Tanh, ReLU
		}),
		net(MLPConfig{Features: 4, Hidden: []int{6}, Activation: ReLU, Classes: 3, Seed: 2}, false, func(m *MLP) {
			m.Hidden[0].B, m.Output.B = nil, nil
		}),
		net(MLPConfig{Features: 20, Hidden: []int{8, 8}, Activation: Tanh, Classes: 10, Seed: 3}, true, nil),
		net(MLPConfig{Features: 1, Hidden: []int{3}, Activation: Sigmoid, Seed: 4}, false, func(m *MLP) {
			m.Output.B = nil
			m.FreezeHidden(true)
		}),
		net(MLPConfig{Features: 3, Crosses: []Cross{SinX2, X1X2}, Hidden: []int{2}, Activation: Tanh, Classes: 4, Seed: 5}, false, nil),
	}
}

// onnxTestPoints returns n seeded points for m.
func onnxTestPoints(m *MLP, n int) *mat.Dense {
	rng := rand.New(rand.NewPCG(uint64(m.Inputs.Features), 1))
	x := mat.NewDense(n, m.Inputs.Features, nil)
	for i := range n {
		for j := range m.Inputs.Features {
			x.Set(i, j, 2*rng.NormFloat64())
		}
	}
	return x
}

// TestONNXRoundTrip writes each network as ONNX and reads it back: in float64 every number
// comes back bit for bit, and so does every prediction; in float32 every number comes back
// rounded to float32.
func TestONNXRoundTrip(t *testing.T) {
	for i, m := range onnxTestNets(t) {
		for _, f64 := range []bool{true, false} {
			var buf bytes.Buffer
			if err := m.WriteONNX(&buf, ONNXOptions{Float64: f64}); err != nil {
				t.Fatalf("net %d, float64 %v: %v", i, f64, err)
			}
			back, err := ReadONNX(&buf)
			if err != nil {
				t.Fatalf("net %d, float64 %v: %v", i, f64, err)
			}
			want := m.Clone()
			want.FreezeHidden(false) // not part of the computation, not in the file
			if !f64 {
				want = roundedToFloat32(want)
			}
			if !reflect.DeepEqual(back, want) {
				t.Errorf("net %d, float64 %v: read back\n%+v\nwant\n%+v", i, f64, back, want)
				continue
			}
			x := onnxTestPoints(m, 50)
			p, err := m.ProbaBatch(x)
			if err != nil {
				t.Fatal(err)
			}
			q, err := back.ProbaBatch(x)
			if err != nil {
				t.Fatal(err)
			}
			if f64 && !mat.Equal(p, q) {
				t.Errorf("net %d: predictions of the model read back differ", i)
			}
		}
	}
}

// roundedToFloat32 returns a copy of m with every parameter rounded to the nearest float32.
func roundedToFloat32(m *MLP) *MLP {
	c := m.Clone()
	round := func(v []float64) {
		for i, x := range v {
			v[i] = float64(float32(x))
		}
	}
	round(c.Inputs.Mean)
	round(c.Inputs.Scale)
	for l := range len(c.Hidden) + 1 {
		round(c.layer(l).W.RawMatrix().Data)
		round(c.layer(l).B)
	}
	return c
}

// TestWriteONNXGraph pins the graph WriteONNX makes for a network with crosses,
// standardisation and two classes, and for one with a softmax.
func TestWriteONNXGraph(t *testing.T) {
	nets := onnxTestNets(t)
	for i, test := range []struct {
		m   *MLP
		ops string
	}{
		{nets[1], "Slice Slice Mul Mul Mul Sin Sin Concat Sub Div Gemm Sigmoid Gemm Tanh Gemm Relu Gemm Sigmoid Sub Concat ArgMax"},
		{nets[2], "Gemm Relu Gemm Softmax ArgMax"},
		{nets[0], "Gemm Sigmoid Sub Concat ArgMax"},
	} {
		model, err := test.m.onnxModel(ONNXOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var ops []string
		for _, n := range model.GetGraph().GetNode() {
			ops = append(ops, n.GetOpType())
		}
		if got := strings.Join(ops, " "); got != test.ops {
			t.Errorf("case %d: nodes %s, want %s", i, got, test.ops)
		}
		if model.GetIrVersion() != 7 || len(model.GetOpsetImport()) != 1 || model.GetOpsetImport()[0].GetVersion() != ONNXOpset || ONNXOpset != 13 {
			t.Errorf("case %d: IR version %d, opsets %v", i, model.GetIrVersion(), model.GetOpsetImport())
		}
		g := model.GetGraph()
		in := g.GetInput()[0].GetType().GetTensorType()
		if len(g.GetInput()) != 1 || g.GetInput()[0].GetName() != ONNXInput || in.GetElemType() != int32(onnxpb.TensorProto_FLOAT) ||
			len(in.GetShape().GetDim()) != 2 || in.GetShape().GetDim()[0].GetDimParam() != "N" ||
			in.GetShape().GetDim()[1].GetDimValue() != int64(test.m.Inputs.Features) {
			t.Errorf("case %d: input %v", i, g.GetInput())
		}
		if len(g.GetOutput()) != 2 || g.GetOutput()[0].GetName() != ONNXProbabilities || g.GetOutput()[1].GetName() != ONNXLabel ||
			g.GetOutput()[1].GetType().GetTensorType().GetElemType() != int32(onnxpb.TensorProto_INT64) {
			t.Errorf("case %d: outputs %v", i, g.GetOutput())
		}
	}
}

// TestWriteONNXDeterministic checks that the same network gives the same bytes.
func TestWriteONNXDeterministic(t *testing.T) {
	m := onnxTestNets(t)[1]
	var a, b bytes.Buffer
	if err := m.WriteONNX(&a, ONNXOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := m.Clone().WriteONNX(&b, ONNXOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same network differ")
	}
}

type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

// TestWriteONNXErrors checks what WriteONNX refuses: a network that is not well formed, and in
// float32, a weight beyond float32's range; and that it reports a failing writer.
func TestWriteONNXErrors(t *testing.T) {
	big := Logistic([]float64{1, 1e39}, 0)
	var buf bytes.Buffer
	err := big.WriteONNX(&buf, ONNXOptions{})
	if err == nil || err.Error() != "dlkit: output layer weights[1] is 1e+39, beyond float32's range: export with float64 weights" {
		t.Errorf("weight beyond float32: error %v", err)
	}
	if err := big.WriteONNX(&buf, ONNXOptions{Float64: true}); err != nil {
		t.Errorf("the same in float64: %v", err)
	}
	bad := Logistic([]float64{1, math.NaN()}, 0)
	if err := bad.WriteONNX(&buf, ONNXOptions{}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN weight: error %v, want ErrNotFinite", err)
	}
	if err := Logistic([]float64{1}, 0).WriteONNX(failingWriter{}, ONNXOptions{}); !errors.Is(err, errWrite) {
		t.Errorf("failing writer: error %v", err)
	}
	path := filepath.Join(t.TempDir(), "m.onnx")
	if err := Logistic([]float64{1, 2}, 3).SaveONNX(path, ONNXOptions{}); err != nil {
		t.Fatal(err)
	}
	m, err := LoadONNX(path)
	if err != nil || m.Output.B[0] != 3 || m.Output.W.At(1, 0) != 2 {
		t.Errorf("SaveONNX then LoadONNX: %v, %v", m, err)
	}
	if _, err := LoadONNX(path + ".missing"); err == nil || !strings.Contains(err.Error(), "m.onnx.missing") {
		t.Errorf("missing file: error %v", err)
	}
}

// onnxBytes encodes a model for the tests.
func onnxBytes(t testing.TB, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
