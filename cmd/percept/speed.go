package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/gpu"
)

// sizesFlag is speed's -n: comma-separated numbers of points, each once.
type sizesFlag struct{ v []int }

func (f *sizesFlag) String() string { return strings.Trim(fmt.Sprint(f.v), "[]") }

func (f *sizesFlag) Set(s string) error {
	v, err := parseSizes(s, 1, dlkit.MaxPoints, "points", false)
	if err == nil && len(v) == 0 {
		err = fmt.Errorf("no sizes")
	}
	if err != nil {
		return err
	}
	f.v = v
	return nil
}

func speed(args []string, stdout, _ io.Writer) error {
	c := newCommand("speed", "[-n 10000,100000,...] [-k 16] [-json]",
		fmt.Sprintf(`Times the comparison of -k weight choices over N two-feature points, for each -n, on the CPU
and, in a program built with -tags cuda on a machine with an NVIDIA GPU, on the GPU, and prints
the seconds per pass (or, with -json, one JSON object). Without a GPU it says why. At most %d
points (dlkit.MaxPoints) and %d choices (MaxChoices).`, dlkit.MaxPoints, dlkit.MaxChoices), stdout)
	var (
		sizes  = sizesFlag{[]int{10000, 100000, 1000000, 10000000}}
		k      = intFlag{16, 1, dlkit.MaxChoices, "weight choices"}
		asJSON = c.Bool("json", false, "print one JSON object instead of a table")
	)
	c.Var(&sizes, "n", "comma-separated numbers of `points`")
	c.Var(&k, "k", "number of weight `choices` compared in each pass")
	if err := c.parse(args); err != nil {
		return err
	}
	rep, err := gpu.Speed(sizes.v, k.v)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rep)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d weight choices compared in one pass over N points; seconds per pass\n", k.v)
	fmt.Fprintf(&b, "CPU: %s\n", rep.CPU)
	if rep.GPU != "" {
		fmt.Fprintf(&b, "GPU: %s\n", rep.GPU)
	} else {
		fmt.Fprintf(&b, "GPU: none (%s)\n", rep.NoGPU)
	}
	fmt.Fprintf(&b, "%12s %12s %12s %14s\n", "N", "CPU", "GPU", "max rel diff")
	for _, row := range rep.Rows {
		g, d := "—", "—"
		if rep.GPU != "" {
			g, d = fmt.Sprintf("%.3g", row.GPUSeconds), fmt.Sprintf("%.2g", row.MaxRelDiff)
		}
		fmt.Fprintf(&b, "%12d %12.3g %12s %14s\n", row.N, row.CPUSeconds, g, d)
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}
