package dlkit

import "testing"

// BenchmarkMNISTEpoch is one epoch of the README's MNIST training: a 784-256-10 ReLU network,
// Adam 1e-3, batch 128, on the 60,000 training images.
func BenchmarkMNISTEpoch(b *testing.B) {
	d, err := LoadMNIST("", "train")
	if err != nil {
		b.Skip(err)
	}
	m, _ := NewMLP(MLPConfig{Features: 784, Hidden: []int{256}, Activation: ReLU, Classes: 10, Seed: 1})
	tr := newTrainer(m, d, TrainConfig{Optimizer: Adam{LearningRate: 1e-3}, Epochs: 1, BatchSize: 128, Seed: 1})
	b.ReportAllocs()
	for b.Loop() {
		tr.epoch()
	}
}
