package gpu

import (
	"fmt"
	"testing"

	"github.com/percept-go/percept/dlkit"
)

// benchData caches the benchmarks' datasets: dlkit.Separable's points, which take a while to
// make at N = 100,000,000.
var benchData = map[int]*dlkit.Dataset{}

// benchBackends returns ds's backends to time: the CPU, and the GPU where there is one.
func benchBackends(b *testing.B, n int) []dlkit.Backend {
	ds := benchData[n]
	if ds == nil {
		var err error
		if ds, err = dlkit.Separable(n, 1); err != nil {
			b.Fatal(err)
		}
		benchData[n] = ds
	}
	backends := []dlkit.Backend{dlkit.OnCPU(ds)}
	if g, err := Upload(ds); err == nil {
		b.Cleanup(func() { g.Close() })
		backends = append(backends, g)
	} else {
		b.Logf("timing the CPU only: %v", err)
	}
	return backends
}

// where names a backend in benchmark names.
func where(x dlkit.Backend) string {
	if x.String() == "CPU" {
		return "CPU"
	}
	return "GPU"
}

// BenchmarkSumCrossEntropy times one weight choice over N two-feature points; GB/s counts the
// bytes the GPU reads (8 per point and 1 per label).
func BenchmarkSumCrossEntropy(b *testing.B) {
	for _, n := range []int{1_000_000, 100_000_000} {
		for _, x := range benchBackends(b, n) {
			b.Run(fmt.Sprintf("%s/N=%d", where(x), n), func(b *testing.B) {
				for b.Loop() {
					if _, err := x.SumCrossEntropy([]float64{1, -1}, 0.1); err != nil {
						b.Fatal(err)
					}
				}
				if where(x) == "GPU" {
					b.ReportMetric(9*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
				}
			})
		}
	}
}

// BenchmarkCompare times k weight choices over the same 10,000,000 points, in one pass.
func BenchmarkCompare(b *testing.B) {
	const n = 10_000_000
	for _, x := range benchBackends(b, n) {
		for _, k := range []int{1, 16} {
			weights, biases := randomChoices(k, 2, 1, 1)
			b.Run(fmt.Sprintf("%s/k=%d/N=%d", where(x), k, n), func(b *testing.B) {
				for b.Loop() {
					if _, err := x.CompareCrossEntropy(weights, biases); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkForwardBatch times the sigmoid outputs of 10,000,000 points, copied back to the
// host.
func BenchmarkForwardBatch(b *testing.B) {
	const n = 10_000_000
	p := &dlkit.Perceptron{Weights: []float64{1, -1}, Bias: 0.1, Activation: dlkit.Sigmoid}
	for _, x := range benchBackends(b, n) {
		dst := make([]float64, n)
		b.Run(fmt.Sprintf("%s/N=%d", where(x), n), func(b *testing.B) {
			for b.Loop() {
				if _, err := x.ForwardBatch(dst, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
