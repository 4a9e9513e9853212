package dlkit

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/percept-go/percept/internal/onnxpb"
)

// constant returns the value v as a constant, decoding it on first use.
func (r *onnxReader) constant(v *onnxValue, what string) (*onnxConst, error) {
	switch {
	case v == nil:
		return nil, fmt.Errorf("%s is missing", what)
	case v.c != nil:
		return v.c, nil
	case v.tensor != nil:
		c, err := r.decodeTensor(v.tensor)
		if err != nil {
			return nil, err
		}
		v.c, v.tensor = c, nil
		return c, nil
	}
	return nil, fmt.Errorf("%s is computed from the input; Percept needs a constant", what)
}

// decodeTensor decodes a FLOAT, DOUBLE, FLOAT16, INT64 or INT32 tensor stored in the file,
// checking its size against its data before allocating anything.
func (r *onnxReader) decodeTensor(t *onnxpb.TensorProto) (*onnxConst, error) {
	name := quote(t.GetName())
	if t.GetDataLocation() == onnxpb.TensorProto_EXTERNAL || len(t.GetExternalData()) > 0 {
		return nil, fmt.Errorf("tensor %s keeps its data in an external file; Percept reads self-contained ONNX files only", name)
	}
	if t.Segment != nil {
		return nil, fmt.Errorf("tensor %s is a segment of a larger tensor, which Percept does not read", name)
	}
	if len(t.GetDims()) > maxONNXRank {
		return nil, fmt.Errorf("tensor %s has %d dimensions, more than %d", name, len(t.GetDims()), maxONNXRank)
	}
	c := &onnxConst{}
	count := 1
	for _, d := range t.GetDims() {
		if d < 0 || d > maxONNXBytes || d > 0 && count > maxONNXBytes/int(d) {
			return nil, fmt.Errorf("tensor %s has shape %v: a negative size, or more numbers than a file can hold", name, t.GetDims())
		}
		c.dims = append(c.dims, int(d))
		count *= int(d)
	}
	raw := t.GetRawData()
	typ := onnxpb.TensorProto_DataType(t.GetDataType())
	size := onnxTensorSizes[typ]
	if size == 0 {
		return nil, fmt.Errorf("tensor %s holds %v; Percept reads FLOAT, DOUBLE, FLOAT16, INT64, INT32 and BOOL tensors", name, typ)
	}
	typed := len(t.GetFloatData()) + len(t.GetDoubleData()) + len(t.GetInt64Data()) + len(t.GetInt32Data())
	own := len(t.GetInt32Data()) // INT32, BOOL and FLOAT16 keep their numbers there
	switch typ {
	case onnxpb.TensorProto_FLOAT:
		own = len(t.GetFloatData())
	case onnxpb.TensorProto_DOUBLE:
		own = len(t.GetDoubleData())
	case onnxpb.TensorProto_INT64:
		own = len(t.GetInt64Data())
	}
	switch {
	case raw != nil && typed > 0:
		return nil, fmt.Errorf("tensor %s has both raw_data and typed data", name)
	case own != typed:
		return nil, fmt.Errorf("tensor %s of %v keeps numbers in another type's field", name, typ)
	case raw != nil && int64(len(raw)) != int64(count)*int64(size):
		return nil, fmt.Errorf("tensor %s of shape %v needs %d bytes of %v, its raw_data has %d", name, t.GetDims(), int64(count)*int64(size), typ, len(raw))
	case raw == nil && typed != count:
		return nil, fmt.Errorf("tensor %s of shape %v has %d numbers", name, t.GetDims(), typed)
	}
	if err := r.alloc(count); err != nil {
		return nil, err
	}
	switch typ {
	case onnxpb.TensorProto_INT64, onnxpb.TensorProto_INT32, onnxpb.TensorProto_BOOL:
		c.isInts = true
		c.i = make([]int64, count)
		for i := range c.i {
			switch {
			case raw == nil && typ == onnxpb.TensorProto_INT64:
				c.i[i] = t.GetInt64Data()[i]
			case raw == nil: // INT32 and BOOL in int32_data
				c.i[i] = int64(t.GetInt32Data()[i])
			case size == 8:
				c.i[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
			case size == 4:
				c.i[i] = int64(int32(binary.LittleEndian.Uint32(raw[4*i:])))
			default:
				c.i[i] = int64(raw[i])
			}
		}
		return c, nil
	}
	c.f = make([]float64, 0, count)
	switch {
	case raw != nil:
		for i := range count {
			switch size {
			case 8:
				c.f = append(c.f, math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:])))
			case 4:
				c.f = append(c.f, float64(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))))
			case 2:
				c.f = append(c.f, halfToFloat(binary.LittleEndian.Uint16(raw[2*i:])))
			}
		}
	case typ == onnxpb.TensorProto_FLOAT:
		for _, v := range t.GetFloatData() {
			c.f = append(c.f, float64(v))
		}
	case typ == onnxpb.TensorProto_DOUBLE:
		c.f = append(c.f, t.GetDoubleData()...)
	default: // FLOAT16: one half per int32
		for _, v := range t.GetInt32Data() {
			c.f = append(c.f, halfToFloat(uint16(v)))
		}
	}
	return c, nil
}

// onnxTensorSizes are the bytes per number in raw_data of the tensor types ReadONNX decodes.
var onnxTensorSizes = map[onnxpb.TensorProto_DataType]int{
	onnxpb.TensorProto_FLOAT: 4, onnxpb.TensorProto_DOUBLE: 8, onnxpb.TensorProto_FLOAT16: 2,
	onnxpb.TensorProto_INT64: 8, onnxpb.TensorProto_INT32: 4, onnxpb.TensorProto_BOOL: 1,
}

// halfToFloat returns the value of an IEEE 754 half-precision number, exactly.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, frac := int(h>>10&0x1f), float64(h&0x3ff)
	switch exp {
	case 0: // zero or subnormal: frac · 2^−24
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// constantNode decodes a Constant node's value.
func (r *onnxReader) constantNode(n *onnxpb.NodeProto) (*onnxConst, error) {
	if len(n.GetAttribute()) != 1 {
		return nil, fmt.Errorf("a Constant node needs exactly one attribute, it has %d", len(n.GetAttribute()))
	}
	a := n.GetAttribute()[0]
	switch a.GetName() {
	case "value":
		if a.GetT() == nil {
			return nil, fmt.Errorf("Constant's value is not a tensor")
		}
		return r.decodeTensor(a.GetT())
	case "value_float":
		return &onnxConst{f: []float64{float64(a.GetF())}}, nil
	case "value_floats":
		c := &onnxConst{dims: []int{len(a.GetFloats())}}
		for _, v := range a.GetFloats() {
			c.f = append(c.f, float64(v))
		}
		return c, nil
	case "value_int":
		return &onnxConst{i: []int64{a.GetI()}, isInts: true}, nil
	case "value_ints":
		return &onnxConst{dims: []int{len(a.GetInts())}, i: append([]int64(nil), a.GetInts()...), isInts: true}, nil
	}
	return nil, fmt.Errorf("Constant's %s: Percept reads value, value_float(s) and value_int(s)", quote(a.GetName()))
}

// attribute returns node n's attribute name, checking its type; nil if it has none.
func attribute(n *onnxpb.NodeProto, name string, typ onnxpb.AttributeProto_AttributeType) (*onnxpb.AttributeProto, error) {
	for _, a := range n.GetAttribute() {
		if a.GetName() != name {
			continue
		}
		if a.Type != nil && a.GetType() != typ {
			return nil, fmt.Errorf("attribute %s is of type %v, want %v", name, a.GetType(), typ)
		}
		return a, nil
	}
	return nil, nil
}

func attrInt(n *onnxpb.NodeProto, name string, def int64) (int64, error) {
	a, err := attribute(n, name, onnxpb.AttributeProto_INT)
	if a == nil || err != nil {
		return def, err
	}
	return a.GetI(), nil
}

func attrFloat(n *onnxpb.NodeProto, name string, def float64) (float64, error) {
	a, err := attribute(n, name, onnxpb.AttributeProto_FLOAT)
	if a == nil || err != nil {
		return def, err
	}
	return float64(a.GetF()), nil
}

func attrInts(n *onnxpb.NodeProto, name string, def []int64) ([]int64, error) {
	a, err := attribute(n, name, onnxpb.AttributeProto_INTS)
	if a == nil || err != nil {
		return def, err
	}
	return a.GetInts(), nil
}
