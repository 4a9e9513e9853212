package gpu

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/percept-go/percept/dlkit"
)

// SpeedRow is one size's timings in a SpeedReport.
type SpeedRow struct {
	N          int     `json:"n"`
	CPUSeconds float64 `json:"cpu_seconds"`
	GPUSeconds float64 `json:"gpu_seconds,omitempty"`
	// MaxRelDiff is the largest relative difference between the GPU's and the CPU's sums.
	MaxRelDiff float64 `json:"max_rel_diff,omitempty"`
}

// SpeedReport is what Speed measured; `percept speed -json` prints it.
type SpeedReport struct {
	K     int        `json:"k"`
	CPU   string     `json:"cpu"`
	GPU   string     `json:"gpu,omitempty"`    // the GPU's name, if one was used
	NoGPU string     `json:"no_gpu,omitempty"` // why not, if none was
	Rows  []SpeedRow `json:"rows"`
}

// Speed times the comparison of k weight choices (drawn at random, the same every time) in one
// pass over N two-feature points (dlkit.Separable), for each N in sizes, on the CPU and, where
// Open finds one, on the GPU: the median seconds of a pass, after one to warm up, over at least
// five passes and 0.2 s. Without a GPU the report says why (NoGPU), and times the CPU alone.
func Speed(sizes []int, k int) (*SpeedReport, error) {
	if k < 1 {
		return nil, fmt.Errorf("gpu: Speed needs at least 1 weight choice, got %d", k)
	}
	r := rand.New(rand.NewPCG(1, 2))
	weights, biases := make([][]float64, k), make([]float64, k)
	for c := range weights {
		weights[c] = []float64{r.NormFloat64(), r.NormFloat64()}
		biases[c] = r.NormFloat64()
	}
	rep := &SpeedReport{K: k, CPU: fmt.Sprintf("%s/%s, %d cores", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	dev, err := Open()
	if err != nil {
		rep.NoGPU = err.Error()
	} else {
		defer dev.Close()
		rep.GPU = dev.String()
	}
	for _, n := range sizes {
		ds, err := dlkit.Separable(max(n, 2), 1)
		if err != nil {
			return nil, err
		}
		row := SpeedRow{N: n}
		want, t, err := timeCompare(dlkit.OnCPU(ds), weights, biases)
		if err != nil {
			return nil, err
		}
		row.CPUSeconds = t
		if dev != nil {
			x, err := dev.Upload(ds)
			if err != nil {
				return nil, err
			}
			got, t, err := timeCompare(x, weights, biases)
			x.Close()
			if err != nil {
				return nil, err
			}
			row.GPUSeconds = t
			for c := range got {
				row.MaxRelDiff = max(row.MaxRelDiff, math.Abs(got[c]-want[c])/want[c])
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// timeCompare runs b.CompareCrossEntropy once to warm up, then again for at least 0.2 seconds
// and 5 times, and returns its sums and the median time of a call.
func timeCompare(b dlkit.Backend, weights [][]float64, biases []float64) ([]float64, float64, error) {
	sums, err := b.CompareCrossEntropy(weights, biases)
	if err != nil {
		return nil, 0, err
	}
	var times []float64
	for start := time.Now(); len(times) < 5 || time.Since(start) < 200*time.Millisecond; {
		t := time.Now()
		if _, err := b.CompareCrossEntropy(weights, biases); err != nil {
			return nil, 0, err
		}
		times = append(times, time.Since(t).Seconds())
	}
	slices.Sort(times)
	return sums, times[len(times)/2], nil
}
