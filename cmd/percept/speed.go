package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/gpu"
)

// speedRow is one size's timings in speed's output.
type speedRow struct {
	N          int     `json:"n"`
	CPUSeconds float64 `json:"cpu_seconds"`
	GPUSeconds float64 `json:"gpu_seconds,omitempty"`
	// MaxRelDiff is the largest relative difference between the GPU's and the CPU's sums.
	MaxRelDiff float64 `json:"max_rel_diff,omitempty"`
}

// speedReport is speed's output.
type speedReport struct {
	K     int        `json:"k"`
	CPU   string     `json:"cpu"`
	GPU   string     `json:"gpu,omitempty"`    // the GPU's name, if one was used
	NoGPU string     `json:"no_gpu,omitempty"` // why not, if none was
	Rows  []speedRow `json:"rows"`
}

func speed(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept speed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		sizes  = fs.String("n", "10000,100000,1000000,10000000", "comma-separated numbers of `points`")
		k      = fs.Int("k", 16, "number of weight `choices` compared in each pass")
		asJSON = fs.Bool("json", false, "print one JSON object instead of a table")
	)
	if err := parse(fs, args); err != nil {
		return err
	}
	ns, err := parseInts(*sizes)
	switch {
	case err != nil:
		return mistake(fs, "-n: %v", err)
	case *k < 1:
		return mistake(fs, "-k must be at least 1, not %d", *k)
	}
	r := rand.New(rand.NewPCG(1, 2))
	weights, biases := make([][]float64, *k), make([]float64, *k)
	for c := range weights {
		weights[c] = []float64{r.NormFloat64(), r.NormFloat64()}
		biases[c] = r.NormFloat64()
	}
	rep := speedReport{K: *k, CPU: fmt.Sprintf("%s/%s, %d cores", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())}
	dev, err := gpu.Open()
	if err != nil {
		rep.NoGPU = err.Error()
	} else {
		defer dev.Close()
		rep.GPU = dev.String()
	}
	for _, n := range ns {
		ds, err := dlkit.Separable(max(n, 2), 1)
		if err != nil {
			return err
		}
		row := speedRow{N: n}
		want, t, err := timeCompare(dlkit.OnCPU(ds), weights, biases)
		if err != nil {
			return err
		}
		row.CPUSeconds = t
		if dev != nil {
			x, err := dev.Upload(ds)
			if err != nil {
				return err
			}
			got, t, err := timeCompare(x, weights, biases)
			x.Close()
			if err != nil {
				return err
			}
			row.GPUSeconds = t
			for c := range got {
				row.MaxRelDiff = max(row.MaxRelDiff, math.Abs(got[c]-want[c])/want[c])
			}
		}
		rep.Rows = append(rep.Rows, row)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rep)
	}
	fmt.Fprintf(stdout, "%d weight choices compared in one pass over N points; seconds per pass\n", *k)
	fmt.Fprintf(stdout, "CPU: %s\n", rep.CPU)
	if dev != nil {
		fmt.Fprintf(stdout, "GPU: %s\n", rep.GPU)
	} else {
		fmt.Fprintf(stdout, "GPU: none (%s)\n", rep.NoGPU)
	}
	fmt.Fprintf(stdout, "%12s %12s %12s %14s\n", "N", "CPU", "GPU", "max rel diff")
	for _, row := range rep.Rows {
		g, d := "—", "—"
		if dev != nil {
			g, d = fmt.Sprintf("%.3g", row.GPUSeconds), fmt.Sprintf("%.2g", row.MaxRelDiff)
		}
		fmt.Fprintf(stdout, "%12d %12.3g %12s %14s\n", row.N, row.CPUSeconds, g, d)
	}
	return nil
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
