//go:build cuda

package gpu

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/percept-go/percept/dlkit"
)

// openOrSkip opens the GPU, or skips the test saying why it cannot.
func openOrSkip(t *testing.T) *Device {
	t.Helper()
	d, err := Open()
	if noGPU(err) {
		t.Skipf("no GPU to test on: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestNoLeak checks that 1,000 evaluations, and uploads freed by Close, leave the GPU's free
// memory as it was.
func TestNoLeak(t *testing.T) {
	d := openOrSkip(t)
	ds := randomData(100_003, 2, 1)
	weights, biases := randomChoices(5, 2, 1, 1)
	p := &dlkit.Perceptron{Weights: weights[0], Bias: biases[0], Activation: dlkit.Sigmoid}
	round := func(x *Data) {
		if _, err := x.CompareCrossEntropy(weights, biases); err != nil {
			t.Fatal(err)
		}
		if _, err := x.SumCrossEntropy(weights[1], biases[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := x.ForwardBatch(nil, p); err != nil {
			t.Fatal(err)
		}
	}
	x, err := d.Upload(ds)
	if err != nil {
		t.Fatal(err)
	}
	round(x) // the driver sets things up on first use
	free0, _, err := d.MemInfo()
	if err != nil {
		t.Fatal(err)
	}
	for range 1000 {
		round(x)
	}
	for range 50 { // 50 × 1 MB
		y, err := d.Upload(ds)
		if err != nil {
			t.Fatal(err)
		}
		round(y)
		if err := y.Close(); err != nil {
			t.Fatal(err)
		}
	}
	free1, _, err := d.MemInfo()
	if err != nil {
		t.Fatal(err)
	}
	if free1 < free0-(1<<20) {
		t.Errorf("free device memory went from %d to %d bytes over 1,000 evaluations and 50 uploads", free0, free1)
	}
	t.Logf("free device memory: %d bytes before, %d after", free0, free1)
}

// TestConcurrent evaluates from many goroutines at once, checking that each gets what one
// goroutine alone gets.
func TestConcurrent(t *testing.T) {
	d := openOrSkip(t)
	x, err := d.Upload(randomData(50_001, 2, 2))
	if err != nil {
		t.Fatal(err)
	}
	weights, biases := randomChoices(8, 2, 1, 2)
	want, err := x.CompareCrossEntropy(weights, biases)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for range 50 {
				k := g % len(weights)
				s, err := x.SumCrossEntropy(weights[k], biases[k])
				if err != nil || s != want[k] {
					t.Errorf("goroutine %d: %v, %v; want %v", g, s, err, want[k])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestClose(t *testing.T) {
	d := openOrSkip(t)
	ds := randomData(1000, 2, 3)
	x, err := d.Upload(ds)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := x.SumCrossEntropy([]float64{1, 1}, 0); !errors.Is(err, ErrClosed) {
		t.Errorf("SumCrossEntropy after Close: %v, want ErrClosed", err)
	}
	y, err := d.Upload(ds)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := y.ForwardBatch(nil, &dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.Step}); !errors.Is(err, ErrClosed) {
		t.Errorf("ForwardBatch after the device's Close: %v, want ErrClosed", err)
	}
	if err := y.Close(); err != nil {
		t.Errorf("Close of data on a closed device: %v", err)
	}
	if _, err := d.Upload(ds); !errors.Is(err, ErrClosed) {
		t.Errorf("Upload to a closed device: %v, want ErrClosed", err)
	}
}

func TestUploadErrors(t *testing.T) {
	d := openOrSkip(t)
	three := dlkit.MustNewDataset([][]float64{{0, 0}, {1, 1}, {2, 2}}, []float64{0, 1, 2})
	if _, err := d.Upload(three); !errors.Is(err, dlkit.ErrLabel) {
		t.Errorf("Upload of 3 classes: %v, want ErrLabel", err)
	}
	huge := dlkit.MustNewDataset([][]float64{{0, 0}, {1, 1e39}}, []float64{0, 1})
	if _, err := d.Upload(huge); !errors.Is(err, dlkit.ErrNotFinite) {
		t.Errorf("Upload of 1e39: %v, want ErrNotFinite", err)
	}
	x, err := d.Upload(dlkit.TutorialData())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.SumCrossEntropy([]float64{1, math.MaxFloat64}, 0); !errors.Is(err, dlkit.ErrNotFinite) {
		t.Errorf("a weight beyond float32's range: %v, want ErrNotFinite", err)
	}
	err = d.do(func() error {
		_, err := alloc(1 << 50)
		return err
	})
	if !errors.Is(err, ErrOutOfMemory) {
		t.Errorf("allocating a PiB: %v, want ErrOutOfMemory", err)
	}
}

// TestCheckErrors checks, without a GPU, what TestParityErrors checks on one: bad parameters
// get the sentinel errors every backend gives, in messages that name the GPU. (The checks come
// before any call to the device, so a Data that was never uploaded serves.)
func TestCheckErrors(t *testing.T) {
	x := &Data{dev: &Device{name: "Test GPU"}, n: 100, dim: 2}
	for i, c := range []struct {
		w    []float64
		bias float64
		want error
	}{
		{[]float64{1, math.NaN()}, 0, dlkit.ErrNotFinite},
		{[]float64{1, 2}, math.Inf(-1), dlkit.ErrNotFinite},
		{[]float64{1, 1e39}, 0, dlkit.ErrNotFinite}, // beyond float32's range
		{[]float64{1, 2}, -1e39, dlkit.ErrNotFinite},
		{[]float64{1, 2, 3}, 0, dlkit.ErrShape},
	} {
		_, err := x.CompareCrossEntropy([][]float64{{1, 1}, c.w}, []float64{0, c.bias})
		if !errors.Is(err, c.want) || !saysWhere(x, err) || !strings.Contains(err.Error(), "choice 1") {
			t.Errorf("%d: CompareCrossEntropy: %v, want %v from %v, naming choice 1", i, err, c.want, x)
		}
		_, err = x.ForwardBatch(nil, &dlkit.Perceptron{Weights: c.w, Bias: c.bias, Activation: dlkit.Step})
		if !errors.Is(err, c.want) || !saysWhere(x, err) {
			t.Errorf("%d: ForwardBatch: %v, want %v from %v", i, err, c.want, x)
		}
	}
	_, err := x.ForwardBatch(nil, &dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.ReLU})
	if err == nil || !saysWhere(x, err) || !strings.Contains(err.Error(), "relu") {
		t.Errorf("ForwardBatch with relu: %v", err)
	}
	if _, err := x.ForwardBatch(nil, &dlkit.Perceptron{Activation: dlkit.Step}); !errors.Is(err, dlkit.ErrEmpty) || !saysWhere(x, err) {
		t.Errorf("ForwardBatch without weights: %v, want ErrEmpty from %v", err, x)
	}
	if _, err := x.CompareCrossEntropy(nil, nil); !errors.Is(err, dlkit.ErrEmpty) || !saysWhere(x, err) {
		t.Errorf("CompareCrossEntropy(nil, nil): %v, want ErrEmpty from %v", err, x)
	}
}
