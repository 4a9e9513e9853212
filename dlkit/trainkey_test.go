package dlkit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// keyNet is a network with something in every field, for the key tests.
func keyNet(t *testing.T) *MLP {
	m, err := NewMLP(MLPConfig{Features: 2, Crosses: []Cross{X1X2}, Hidden: []int{3, 2}, Activation: Tanh, Classes: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	m.Inputs.Mean, m.Inputs.Scale = []float64{0.5, -0.5, 0.25}, []float64{2, 3, 4}
	m.Hidden[0].Frozen = true
	return m
}

// keyConfig is a training config with every field set, with the optimizer o.
func keyConfig(o Optimizer) TrainConfig {
	return TrainConfig{Optimizer: o, Epochs: 5, BatchSize: 7, Seed: 9, TargetLoss: 0.1, TargetAccuracy: 0.9,
		Patience: 3, Tolerance: 1e-4, L1: 0.01, L2: 0.02, KeepParams: true, OnEpoch: func(Epoch) bool { return true }}
}

// keyOptimizers has one of each optimizer, every field set; TestKeyOptimizersComplete checks
// that it lists every type that implements Optimizer.
var keyOptimizers = []Optimizer{SGD{LearningRate: 0.1, Momentum: 0.9}, Adam{LearningRate: 0.01, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-7}}

// leaves calls visit with every leaf reachable from v, which must be settable: each bool,
// number and string, each *mat.Dense (as one leaf), each func, and each slice (for its length)
// as well as its elements. Pointers and interfaces are followed; for an interface, visit
// receives a settable copy of the value inside, and set puts a changed copy back.
func leaves(v reflect.Value, path string, visit func(path string, v reflect.Value, set func())) {
	var walk func(v reflect.Value, path string, set func())
	walk = func(v reflect.Value, path string, set func()) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.Type() == reflect.TypeFor[*mat.Dense]() || v.IsNil() {
				visit(path, v, set)
				return
			}
			walk(v.Elem(), path, set)
		case reflect.Interface:
			if v.IsNil() {
				visit(path, v, set)
				return
			}
			c := reflect.New(v.Elem().Type()).Elem()
			c.Set(v.Elem())
			walk(c, path, func() { v.Set(c); set() })
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name, set)
			}
		case reflect.Slice:
			visit(path+" (length)", v, set)
			for i := range v.Len() {
				walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i), set)
			}
		default:
			visit(path, v, set)
		}
	}
	walk(v, path, func() {})
}

// change changes the leaf v (see leaves) to another value of its type that is still valid
// where it matters (an activation or a feature cross one further, a slice one element
// longer, the new element another than the first); it reports false for a kind it does not
// know.
func change(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(v.Float()*2 + 1)
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Slice:
		if v.Len() == 0 {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
		} else {
			// A copy of the first element, changed where change can (no duplicate cross).
			v.Set(reflect.Append(v, v.Index(0)))
			change(v.Index(v.Len() - 1))
		}
	case reflect.Pointer:
		m, ok := v.Interface().(*mat.Dense)
		if !ok || m == nil {
			return false
		}
		m.Set(0, 0, m.At(0, 0)+1)
	default:
		return false
	}
	return true
}

// eachLeaf calls f once for each leaf (see leaves) of the value fresh returns, each time in a
// fresh one, so that f can change that leaf alone; key returns the key of the value as it is.
func eachLeaf[T any](fresh func() T, root string, keyOf func(T) string, f func(path string, v reflect.Value, set func(), key func() string)) {
	x := fresh()
	n := 0
	leaves(reflect.ValueOf(&x).Elem(), root, func(string, reflect.Value, func()) { n++ })
	for i := range n {
		x, j := fresh(), 0
		leaves(reflect.ValueOf(&x).Elem(), root, func(path string, v reflect.Value, set func()) {
			if j == i {
				f(path, v, set, func() string { return keyOf(x) })
			}
			j++
		})
	}
}

// TestTrainingKeyCoversEveryField changes every field of the network and of the config, one
// at a time, with each optimizer, and checks that the key changes — except for the fields in
// notInKey, which must be functions, and whose change must not change the key. A field added
// to MLP, Layer, Inputs, TrainConfig or an optimizer is found by reflection and checked the
// same way; a func field not in notInKey makes trainingKey panic (TestTrainingKeyFunc).
func TestTrainingKeyCoversEveryField(t *testing.T) {
	d, _ := Moons(20, 0.1, 1)
	for _, o := range keyOptimizers {
		base := trainingKey(keyNet(t), d, keyConfig(o))
		changed := func(path string, v reflect.Value, set func(), key func() string) {
			if !change(v) {
				t.Errorf("%s: the test cannot change a %s; teach change how", path, v.Type())
				return
			}
			set()
			if key() == base {
				t.Errorf("%T: changing %s does not change TrainOnce's key", o, path)
			}
		}
		eachLeaf(func() *MLP { return keyNet(t) }, "MLP",
			func(m *MLP) string { return trainingKey(m, d, keyConfig(o)) }, changed)
		excluded := map[string]bool{}
		eachLeaf(func() TrainConfig { return keyConfig(o) }, "TrainConfig",
			func(c TrainConfig) string { return trainingKey(keyNet(t), d, c) },
			func(path string, v reflect.Value, set func(), key func() string) {
				if v.Kind() != reflect.Func {
					changed(path, v, set, key)
					return
				}
				excluded[path] = true
				if !slices.Contains(notInKey, path) {
					t.Errorf("%s is a function not in notInKey", path)
				}
				v.Set(reflect.MakeFunc(v.Type(), func([]reflect.Value) []reflect.Value {
					return []reflect.Value{reflect.ValueOf(false)}
				}))
				if key() != base {
					t.Errorf("changing %s, which notInKey leaves out, changes the key", path)
				}
			})
		for _, name := range notInKey {
			if !excluded[name] {
				t.Errorf("notInKey lists %s, which is not a func field of TrainConfig", name)
			}
		}
	}
}

// TestTrainingKeyMLPConfig changes every field of an MLPConfig, one at a time, and checks
// that the network NewMLP makes of it has another key: a field added to MLPConfig that does
// not show in the network (and so in the key) fails here.
func TestTrainingKeyMLPConfig(t *testing.T) {
	d, _ := Moons(20, 0.1, 1)
	fresh := func() MLPConfig {
		// Sigmoid and Xavier, so that one further (Tanh, He) is valid and draws other weights.
		return MLPConfig{Features: 2, Crosses: []Cross{X1X2}, Hidden: []int{3}, Activation: Sigmoid, Classes: 3, Init: Xavier, Seed: 1}
	}
	keyOf := func(c MLPConfig) string {
		m, err := NewMLP(c)
		if err != nil {
			return "invalid: " + err.Error()
		}
		return trainingKey(m, d, keyConfig(Adam{}))
	}
	base := keyOf(fresh())
	eachLeaf(fresh, "MLPConfig", keyOf, func(path string, v reflect.Value, set func(), key func() string) {
		if !change(v) {
			t.Errorf("%s: the test cannot change a %s; teach change how", path, v.Type())
			return
		}
		set()
		switch k := key(); {
		case strings.HasPrefix(k, "invalid"):
			t.Errorf("changing %s makes a config NewMLP rejects (%s); teach change a valid change", path, k)
		case k == base:
			t.Errorf("changing %s does not change the network's key", path)
		}
	})
}

// TestKeyOptimizersComplete checks that keyOptimizers has one of each type with a start
// method (the Optimizer interface's), found in the package's source.
func TestKeyOptimizersComplete(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	var types []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv != nil && fn.Name.Name == "start" {
				recv := fn.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				types = append(types, "dlkit."+recv.(*ast.Ident).Name)
			}
		}
	}
	var listed []string
	for _, o := range keyOptimizers {
		listed = append(listed, fmt.Sprintf("%T", o))
	}
	slices.Sort(types)
	slices.Sort(listed)
	if len(types) == 0 || !slices.Equal(types, listed) {
		t.Errorf("the optimizers (types with a start method) are %v; keyOptimizers has %v", types, listed)
	}
}

// TestTrainingKeyFunc checks that a func field not in notInKey stops the key with a panic
// naming it, instead of being left out.
func TestTrainingKeyFunc(t *testing.T) {
	type config struct {
		Rate float64
		Hook func()
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "config.Hook") {
			t.Errorf("panic %v, want one naming config.Hook", r)
		}
	}()
	k := keyWriter{h: sha256.New()}
	k.value(reflect.ValueOf(config{Rate: 1, Hook: func() {}}), "config")
}

// copied returns d after copying its points into a matrix of their own, as training does.
func copied(d *Dataset) *Dataset {
	d.matrix()
	return d
}

// TestTrainingKeyData checks that the key follows the data's points, labels and number of
// classes, not its names, and that a pointer to an optimizer keys as its value.
func TestTrainingKeyData(t *testing.T) {
	d, _ := Moons(20, 0.1, 1)
	key := func(d *Dataset) string { return trainingKey(keyNet(t), d, keyConfig(Adam{})) }
	base := key(d)
	points := make([][]float64, d.Len())
	for i := range points {
		points[i] = d.Point(i)
	}
	same := MustNewDataset(points, d.Labels())
	moved := MustNewDataset(points, d.Labels())
	moved.x.Set(19, 1, moved.x.At(19, 1)+1e-15)
	flipped := must(d.Relabel(func(y float64) float64 { return y }))
	flipped.y[0] = 1 - flipped.y[0]
	named := newDataset(d.Len(), d.Dim(), d.raw(), d.Labels(), []string{"a", "b"}, "c")
	for i, test := range []struct {
		what string
		d    *Dataset
		same bool
	}{
		{"the same values, made again", same, true},
		{"relabelled to the same labels", must(d.Relabel(func(y float64) float64 { return y })), true},
		{"other feature names", named, true},
		{"one value 1e-15 more", moved, false},
		{"one label other", flipped, false},
		{"one point fewer", must(d.Where(func(i int) bool { return i > 0 })), false},
		{"every point, a subset not copied", must(d.Where(func(int) bool { return true })), true},
		{"every point, a subset of a subset", must(must(d.Where(func(int) bool { return true })).Where(func(int) bool { return true })), true},
		{"every point, a subset copied", copied(must(d.Where(func(int) bool { return true }))), true},
		{"three classes", same.subset(seq(d.Len())).withClasses(3), false},
	} {
		if got := key(test.d) == base; got != test.same {
			t.Errorf("%d: %s: same key %v, want %v", i, test.what, got, test.same)
		}
	}
	c := keyConfig(&Adam{LearningRate: 0.01, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-7})
	if trainingKey(keyNet(t), d, c) != trainingKey(keyNet(t), d, keyConfig(keyOptimizers[1])) {
		t.Error("a pointer to an Adam keys differently from the Adam")
	}
}

// TestDatasetFieldsInKey checks that each of Dataset's fields is either in the data's digest
// or known to leave training unchanged, so that a field added later is thought about.
func TestDatasetFieldsInKey(t *testing.T) {
	keyed := []string{"x", "rows", "y", "classes"}              // Dataset.digest (the points, x or rows)
	notKeyed := []string{"names", "labelName", "src", "points"} // names and lines (for errors) do not train; points is the digest
	for f := range reflect.TypeFor[Dataset]().Fields() {
		if !slices.Contains(keyed, f.Name) && !slices.Contains(notKeyed, f.Name) {
			t.Errorf("Dataset.%s: is it in TrainOnce's key (Dataset.digest)? Say so in this test", f.Name)
		}
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func BenchmarkHashFloats(b *testing.B) {
	for _, n := range []int{1e4, 60000 * 784} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(i%256) / 255
			}
			b.SetBytes(int64(8 * n))
			b.ResetTimer()
			for range b.N {
				hashFloats(x)
			}
		})
	}
}

// BenchmarkTrainingKey is TrainOnce's key for a 784-256-10 network on MNIST-sized data the
// first time a dataset is keyed (later times reuse the points' digest).
func BenchmarkTrainingKey(b *testing.B) {
	const n, k = 60000, 784
	x, y := make([]float64, n*k), make([]float64, n)
	for i := range x {
		x[i] = float64(i%256) / 255
	}
	for i := range y {
		y[i] = float64(i % 10)
	}
	m, _ := NewMLP(MLPConfig{Features: k, Hidden: []int{256}, Activation: ReLU, Classes: 10, Seed: 1})
	c := TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 8, BatchSize: 128, Seed: 1}
	b.SetBytes(int64(8 * len(x)))
	b.ResetTimer()
	for range b.N {
		trainingKey(m, newDataset(n, k, x, y, nil, ""), c)
	}
}

// TestKeyFloats checks that the key writes a []float64 as each value's bits, 8 bytes
// little-endian, as its doc says (and the keys of saved models were made).
func TestKeyFloats(t *testing.T) {
	x := []float64{0, math.Copysign(0, -1), 1.5, -math.MaxFloat64, math.SmallestNonzeroFloat64, math.Pi}
	for n := range 1100 {
		x = append(x, float64(n)/7)
	}
	var want []byte
	for _, v := range x {
		want = binary.LittleEndian.AppendUint64(want, math.Float64bits(v))
	}
	k := keyWriter{h: sha256.New()}
	k.floats(x)
	if got, sum := k.h.Sum(nil), sha256.Sum256(want); !bytes.Equal(got, sum[:]) {
		t.Errorf("floats wrote another encoding than the values' little-endian bits")
	}
}
