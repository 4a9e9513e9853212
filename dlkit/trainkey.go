package dlkit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/zeebo/xxh3"
	"gonum.org/v1/gonum/mat"
)

// The key TrainOnce records with a trained network says what it was trained from: the
// starting network, the data and the config. It is a SHA-256 of an encoding of all three that
// is written by reflection over every field of the network and the config — whatever fields
// TrainConfig, the optimizers, MLP and its layers have now or gain later — except the fields
// named in notInKey. Each value is written as its type's name and then its contents:
//
//	struct                 type name, then each field's name and value, in order
//	pointer, interface     "nil", or the value it holds (so &Adam{…} keys as Adam{…}, as it trains)
//	bool, integer, float   type name, 8 bytes (floats by their bits: 0 and −0 differ)
//	string, slice, array   type name, length, elements ([]float64 in bulk)
//	*mat.Dense             "mat.Dense", rows, columns, elements row by row
//
// Functions cannot be compared: a func field not listed in notInKey is a mistake in dlkit,
// and trainingKey panics on it (TestTrainingKeyCoversEveryField finds it first). The data goes
// into the key as its points' and labels' digests (Dataset.digest).
const trainingKeyVersion = "percept TrainOnce key 2" // a change retrains every saved model once

// notInKey lists the fields, as "Type.Field", that TrainOnce's key leaves out: functions, which
// do not change what training computes.
var notInKey = []string{"TrainConfig.OnEpoch"}

// trainingKey returns TrainOnce's key for training m on d with c, in hexadecimal.
func trainingKey(m *MLP, d *Dataset, c TrainConfig) string {
	k := keyWriter{h: sha256.New()}
	k.string(trainingKeyVersion)
	k.value(reflect.ValueOf(m), "MLP")
	k.value(reflect.ValueOf(c), "TrainConfig")
	sum := d.digest()
	k.h.Write(sum[:])
	return hex.EncodeToString(k.h.Sum(nil))
}

var denseType = reflect.TypeFor[mat.Dense]()

// keyWriter writes the encoding described above to a hash.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

func (k *keyWriter) uint(u uint64) {
	k.buf = binary.LittleEndian.AppendUint64(k.buf[:0], u)
	k.h.Write(k.buf)
}

func (k *keyWriter) string(s string) {
	k.uint(uint64(len(s)))
	k.h.Write([]byte(s))
}

// floats writes the values' bits, 8 bytes each, little-endian: on a little-endian machine the
// values' bytes as they are in memory, at once; otherwise a block at a time.
func (k *keyWriter) floats(x []float64) {
	if littleEndian && len(x) > 0 {
		k.h.Write(unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), len(x)*8))
		return
	}
	for len(x) > 0 {
		n := min(len(x), 512)
		k.buf = k.buf[:0]
		for _, v := range x[:n] {
			k.buf = binary.LittleEndian.AppendUint64(k.buf, math.Float64bits(v))
		}
		k.h.Write(k.buf)
		x = x[n:]
	}
}

// value writes v; path names it in a panic ("TrainConfig.Optimizer.LearningRate").
func (k *keyWriter) value(v reflect.Value, path string) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			k.string("nil")
			return
		}
		k.value(v.Elem(), path)
		return
	case reflect.Func:
		panic(fmt.Sprintf("dlkit: TrainOnce's key cannot hold the function %s: list it in notInKey if it does not change the training", path))
	}
	k.string(t.String())
	switch t.Kind() {
	case reflect.Struct:
		if t == denseType {
			if !v.CanAddr() {
				c := reflect.New(t).Elem()
				c.Set(v)
				v = c
			}
			m := v.Addr().Interface().(*mat.Dense)
			r, c := m.Dims()
			k.uint(uint64(r))
			k.uint(uint64(c))
			for i := range r {
				k.floats(m.RawRowView(i))
			}
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Type.Kind() == reflect.Func && slices.Contains(notInKey, t.Name()+"."+f.Name) {
				continue
			}
			k.string(f.Name)
			k.value(v.Field(i), path+"."+f.Name)
		}
	case reflect.Slice, reflect.Array:
		k.uint(uint64(v.Len()))
		if t.Elem().Kind() == reflect.Float64 && t.Kind() == reflect.Slice && v.CanInterface() {
			k.floats(v.Convert(reflect.TypeFor[[]float64]()).Interface().([]float64))
			return
		}
		for i := range v.Len() {
			k.value(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Bool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		k.uint(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		k.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		k.uint(math.Float64bits(v.Float()))
	case reflect.String:
		k.string(v.String())
	default:
		panic(fmt.Sprintf("dlkit: TrainOnce's key cannot hold %s, a %s", path, t))
	}
}

// pointsDigest is the digest of a dataset's points, computed the first time it is needed and
// shared by the datasets that share the points (Relabel's).
type pointsDigest struct {
	once sync.Once
	sum  [16]byte
}

// digest returns a 128-bit digest of what training reads from the data: the number of points
// and features, the points, the labels and the number of classes (not the names). The points'
// part, nearly all of the data, is hashed once per dataset, at memory speed (XXH3-128 of the
// values' bytes as they are in memory: [hashFloats]).
func (d *Dataset) digest() [16]byte {
	d.points.once.Do(func() { d.points.sum = d.hashPoints() })
	b := binary.LittleEndian.AppendUint64(nil, uint64(d.Len()))
	b = binary.LittleEndian.AppendUint64(b, uint64(d.Dim()))
	b = binary.LittleEndian.AppendUint64(b, uint64(d.classes))
	b = append(b, d.points.sum[:]...)
	labels := hashFloats(d.y)
	return hashBytes(append(b, labels[:]...))
}

// hashPoints returns hashFloats of the points, n·k values row by row; a subset's are hashed
// where they are, without copying them (XXH3 in pieces is XXH3 of the whole).
func (d *Dataset) hashPoints() [16]byte {
	if d.rows == nil {
		return hashFloats(d.raw())
	}
	h := xxh3.New()
	for i := range d.Len() {
		row := d.Point(i)
		h.Write(unsafe.Slice((*byte)(unsafe.Pointer(&row[0])), len(row)*8))
	}
	return h.Sum128().Bytes()
}

// hashFloats returns the XXH3-128 hash of the values' bytes as they are in memory (so the
// same values hash alike on every little-endian machine; a big-endian one has its own
// hashes, which only means that a model file moved there trains again).
func hashFloats(x []float64) [16]byte {
	if len(x) == 0 {
		return hashBytes(nil)
	}
	return hashBytes(unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), len(x)*8))
}

func hashBytes(b []byte) [16]byte { return xxh3.Hash128(b).Bytes() }
