package dlkit

import (
	"math"
	"testing"

	"github.com/percept-go/percept/internal/kernels"
)

// Where the CPU has no fused multiply-add (older and low-power x86 CPUs, 386, 32-bit ARM),
// the Go code rounds each product and each sum apart instead of running math.FMA in software
// (kernels.FMA). The summed cross-entropy then stays within its bound of the exact sum, and
// training follows the fused run closely: the same losses to 1e-9 and the same accuracy.
func TestUnfusedMultiplyAdds(t *testing.T) {
	moons, _ := Moons(1000, 0.2, 3)
	config := MLPConfig{Features: 2, Hidden: []int{33, 17}, Activation: Tanh, Seed: 4}
	train := TrainConfig{Optimizer: Adam{LearningRate: 1e-2}, Epochs: 10, BatchSize: 50, Seed: 5}
	defer kernels.Use(kernels.Use(kernels.Go))
	type result struct {
		loss []float64
		acc  float64
	}
	run := func() result {
		d := accuracyData(300_001, 1)
		got, err := SumCrossEntropy(d, []float64{1, 0}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := referenceSum(d, []float64{1, 0}, 0); !(math.Abs(got-want)/want < 1e-13) {
			t.Errorf("fused %v: summed cross-entropy %v, reference %v", kernels.Fused(), got, want)
		}
		m, _ := NewMLP(config)
		h, err := Train(m, moons, train)
		if err != nil {
			t.Fatal(err)
		}
		e, err := Evaluate(m, moons)
		if err != nil {
			t.Fatal(err)
		}
		return result{h.Loss, e.Accuracy}
	}
	fused := run()
	old := kernels.UseFused(false)
	unfused := run()
	kernels.UseFused(old)
	if !old {
		return // no fused multiply-add here: both runs were unfused
	}
	same := true
	for i, l := range fused.loss {
		u := unfused.loss[i]
		same = same && u == l
		if !(math.Abs(u-l) <= 1e-9*l) {
			t.Errorf("epoch %d: loss %v unfused, %v fused", i+1, u, l)
		}
	}
	if same {
		t.Error("the unfused run gave the fused run's losses to the bit: it did not run unfused")
	}
	if unfused.acc != fused.acc {
		t.Errorf("accuracy %v unfused, %v fused", unfused.acc, fused.acc)
	}
}
