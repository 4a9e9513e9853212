package dlkit

import (
	"math"
	"testing"

	"github.com/percept-go/percept/internal/kernels"
)

// Training gives the same bits on every instruction set the kernels run on here (Go, AVX2,
// AVX-512): the notebooks' numbers do not depend on the CPU. One run skips the zero pixels of
// MNIST images in its first layer (ReLU, Adam), the other is dense (tanh, SGD with momentum).
func TestTrainingSameOnEveryISA(t *testing.T) {
	digits, err := LoadMNIST("", "test")
	if err != nil {
		t.Fatal(err)
	}
	digits, _ = digits.Where(func(i int) bool { return i < 1500 })
	moons, _ := Moons(1000, 0.2, 3)
	runs := []struct {
		d      *Dataset
		config MLPConfig
		train  TrainConfig
	}{
		{digits, MLPConfig{Features: 784, Hidden: []int{40}, Activation: ReLU, Classes: 10, Seed: 2},
			TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 2, BatchSize: 100, Seed: 3}},
		{moons, MLPConfig{Features: 2, Hidden: []int{33, 17}, Activation: Tanh, Seed: 4},
			TrainConfig{Optimizer: SGD{LearningRate: 0.05, Momentum: 0.9}, Epochs: 5, BatchSize: 70, Seed: 5}},
	}
	for i, run := range runs {
		var want []float64
		for isa := kernels.Go; isa <= kernels.Best(); isa++ {
			old := kernels.Use(isa)
			m, _ := NewMLP(run.config)
			h, err := Train(m, run.d, run.train)
			kernels.Use(old)
			if err != nil {
				t.Fatal(err)
			}
			got := append(h.Loss, flatten(m)...)
			if want == nil {
				want = got
				continue
			}
			for j := range want {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Fatalf("run %d on %v: value %d is %v, on Go %v", i, isa, j, got[j], want[j])
				}
			}
		}
	}
}

// flatten returns every weight and bias of m.
func flatten(m *MLP) []float64 {
	var p []float64
	for l := range len(m.Hidden) + 1 {
		p = append(p, rawData(m.layer(l).W)...)
		p = append(p, m.layer(l).B...)
	}
	return p
}

// BenchmarkMNISTEpoch is one epoch of the README's MNIST training: a 784-256-10 ReLU network,
// Adam 1e-3, batch 128, on the 60,000 training images.
func BenchmarkMNISTEpoch(b *testing.B) {
	d, err := LoadMNIST("", "train")
	if err != nil {
		b.Skip(err)
	}
	m, _ := NewMLP(MLPConfig{Features: 784, Hidden: []int{256}, Activation: ReLU, Classes: 10, Seed: 1})
	tr, err := newTrainer(m, d, TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 1, BatchSize: 128, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tr.epoch()
	}
}
