package dlkit

import (
	"fmt"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Limits on the ONNX files ReadONNX accepts. Every one is checked before the memory it
// guards is allocated.
const (
	// maxONNXBytes is the largest file: 1 GiB, a quarter of a billion float32 weights (and
	// half of protobuf's own 2 GiB limit).
	maxONNXBytes = 1 << 30
	// maxONNXDecoded bounds the memory that decoding the file's protobuf messages may take,
	// as estimated by onnxWireScan. A real model takes about its file's size; a file made to
	// expand — millions of empty messages, packed numbers split into millions of pieces —
	// is refused before it is decoded.
	maxONNXDecoded int64 = 2 << 30
	// maxONNXDepth is the deepest nesting of messages (a graph inside a node's attribute
	// inside a graph ...); an MLP's file nests 6 deep.
	maxONNXDepth = 32
	// maxONNXNodes is the most nodes a graph may have: more than 10,000 layers.
	maxONNXNodes = 1 << 16
	// maxONNXRank is the most dimensions of a tensor.
	maxONNXRank = 8
)

// Upper bounds of what the protobuf decoder allocates, in bytes: for each message (a struct
// of up to about 40 words, its pointer in its parent's slice, and that slice's growth); for
// each string or bytes field beyond its contents; for each number sent on its own (8 bytes,
// doubled for a repeated field's growing slice).
const (
	wireMessageCost = 512
	wireStringCost  = 48
	wireNumberCost  = 16
)

// onnxWireScan walks protobuf wire data of message type md without decoding it, and charges
// to budget an upper bound of the memory that proto.Unmarshal would allocate for it. It
// stops with an error at the first malformed field (naming its byte offset), at nesting
// deeper than maxONNXDepth, or when the budget runs out.
type onnxWireScan struct {
	budget int64
}

func (s *onnxWireScan) charge(n int64, offset int) error {
	if n > s.budget {
		return badONNX("decoding it would take more than %d bytes of memory (at byte %d): not a model Percept can read", maxONNXDecoded, offset)
	}
	s.budget -= n
	return nil
}

func (s *onnxWireScan) message(b []byte, md protoreflect.MessageDescriptor, offset, depth int) error {
	if depth > maxONNXDepth {
		return badONNX("messages nested more than %d deep (at byte %d)", maxONNXDepth, offset)
	}
	if err := s.charge(wireMessageCost, offset); err != nil {
		return err
	}
	// The decoder grows a packed field's slice to exactly what each piece needs, so a field
	// sent in k pieces costs the sum of its lengths so far: track them.
	var packed map[protowire.Number]int64
	for pos := 0; pos < len(b); {
		at := offset + pos
		num, typ, n := protowire.ConsumeTag(b[pos:])
		if n < 0 {
			return badONNX("malformed protobuf at byte %d: %v", at, protowire.ParseError(n))
		}
		pos += n
		fd := md.Fields().ByNumber(num)
		var cost int64
		switch typ {
		case protowire.VarintType, protowire.Fixed32Type, protowire.Fixed64Type:
			n = protowire.ConsumeFieldValue(num, typ, b[pos:])
			cost = wireNumberCost
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(b[pos:])
			if m < 0 {
				return badONNX("malformed protobuf at byte %d: %v", at, protowire.ParseError(m))
			}
			start := offset + pos + m - len(v)
			n = m
			switch {
			case fd != nil && fd.Kind() == protoreflect.MessageKind:
				if err := s.message(v, fd.Message(), start, depth+1); err != nil {
					return err
				}
			case fd != nil && fd.IsList() && fd.Kind() != protoreflect.StringKind && fd.Kind() != protoreflect.BytesKind:
				if packed == nil {
					packed = make(map[protowire.Number]int64)
				}
				packed[num] += packedCount(fd.Kind(), v)
				cost = numberSize(fd.Kind()) * packed[num]
			case fd != nil: // a string or bytes, copied
				cost = wireStringCost + int64(len(v))
			default: // an unknown field, kept as bytes in a growing slice
				cost = wireStringCost + 2*int64(len(v))
			}
		default:
			return badONNX("malformed protobuf at byte %d: field %d has wire type %d, which ONNX does not use", at, num, typ)
		}
		if n < 0 {
			return badONNX("malformed protobuf at byte %d: %v", at, protowire.ParseError(n))
		}
		if err := s.charge(cost, at); err != nil {
			return err
		}
		pos += n
	}
	return nil
}

// numberSize returns the size in memory of a number of kind k.
func numberSize(k protoreflect.Kind) int64 {
	switch k {
	case protoreflect.BoolKind:
		return 1
	case protoreflect.Int64Kind, protoreflect.Uint64Kind, protoreflect.Sint64Kind, protoreflect.DoubleKind,
		protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind:
		return 8
	}
	return 4
}

// packedCount returns an upper bound of the numbers in a packed field's contents v.
func packedCount(k protoreflect.Kind, v []byte) int64 {
	switch k {
	case protoreflect.FloatKind, protoreflect.Fixed32Kind, protoreflect.Sfixed32Kind:
		return int64(len(v) / 4)
	case protoreflect.DoubleKind, protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind:
		return int64(len(v) / 8)
	}
	var n int64 // varints: one ends at each byte below 0x80
	for _, c := range v {
		if c < 0x80 {
			n++
		}
	}
	return n
}

// badONNX returns an error about an ONNX file's contents, wrapping ErrModelFile.
func badONNX(format string, args ...any) error {
	return fmt.Errorf("dlkit: onnx: %s: %w", fmt.Sprintf(format, args...), ErrModelFile)
}
