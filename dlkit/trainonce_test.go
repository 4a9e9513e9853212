package dlkit

import (
	"reflect"
	"testing"
)

// Every field of TrainConfig but the functions is part of TrainOnce's key: changing any one
// of them changes it. A new field of a kind this test cannot change fails it, to be taught.
func TestConfigKeyCoversEveryField(t *testing.T) {
	base := TrainConfig{Optimizer: Adam{LearningRate: 0.01}, Epochs: 3}
	key := configKey(base)
	typ := reflect.TypeFor[TrainConfig]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		c := base
		v := reflect.ValueOf(&c).Elem().Field(i)
		switch f.Type.Kind() {
		case reflect.Func:
			v.Set(reflect.MakeFunc(f.Type, func([]reflect.Value) []reflect.Value {
				return []reflect.Value{reflect.Zero(f.Type.Out(0))}
			}))
			if configKey(c) != key {
				t.Errorf("%s (a function) changed the key", f.Name)
			}
			continue
		case reflect.Int, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Float64:
			v.SetFloat(v.Float() + 0.5)
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Interface: // the Optimizer
			v.Set(reflect.ValueOf(Adam{LearningRate: 0.02}))
		default:
			t.Errorf("%s: a field of kind %s; teach this test to change it", f.Name, f.Type.Kind())
			continue
		}
		if configKey(c) == key {
			t.Errorf("changing %s left TrainOnce's key as it was", f.Name)
		}
	}
	// The optimizer by value: a pointer to the same Adam trains the same.
	p := base
	p.Optimizer = &Adam{LearningRate: 0.01}
	if configKey(p) != key {
		t.Errorf("&Adam{...} and Adam{...} give different keys:\n%s\n%s", configKey(p), key)
	}
}

// The bits of every value are hashed: one changed value, even only in its sign, changes the
// fingerprint.
func TestFingerprintSeesEveryValue(t *testing.T) {
	d, _ := Moons(3000, 0.1, 1) // 6,000 features: more than one 8 KiB buffer
	m, _ := NewMLP(MLPConfig{Features: 2, Hidden: []int{4}, Activation: Tanh, Seed: 1})
	c := TrainConfig{Optimizer: Adam{}, Epochs: 1}
	fp, err := fingerprint(m, d, c)
	if err != nil {
		t.Fatal(err)
	}
	raw := d.raw()
	for _, i := range []int{0, 1023, 1024, len(raw) - 1} {
		old := raw[i]
		raw[i] = -old
		if got, _ := fingerprint(m, d, c); got == fp {
			t.Errorf("value %d negated: same fingerprint", i)
		}
		raw[i] = old
	}
	if got, _ := fingerprint(m, d, c); got != fp {
		t.Error("the same data gave another fingerprint")
	}
}

// BenchmarkFingerprint hashes a dataset of MNIST's shape but a tenth of its size (4.7 million
// values); the bytes per second are what counts.
func BenchmarkFingerprint(b *testing.B) {
	x := make([][]float64, 6000)
	y := make([]float64, len(x))
	for i := range x {
		x[i] = make([]float64, 784)
		for j := range x[i] {
			x[i][j] = float64((i*j)%256) / 255
		}
		y[i] = float64(i % 10)
	}
	d, err := NewDataset(x, y)
	if err != nil {
		b.Fatal(err)
	}
	m, _ := NewMLP(MLPConfig{Features: 784, Classes: 10, Seed: 1})
	b.SetBytes(int64(8 * (len(d.raw()) + len(y))))
	for b.Loop() {
		if _, err := fingerprint(m, d, TrainConfig{Optimizer: Adam{}, Epochs: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
