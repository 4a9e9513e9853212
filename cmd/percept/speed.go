package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/percept-go/percept/gpu"
)

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
	rep, err := gpu.Speed(ns, *k)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(rep)
	}
	fmt.Fprintf(stdout, "%d weight choices compared in one pass over N points; seconds per pass\n", *k)
	fmt.Fprintf(stdout, "CPU: %s\n", rep.CPU)
	if rep.GPU != "" {
		fmt.Fprintf(stdout, "GPU: %s\n", rep.GPU)
	} else {
		fmt.Fprintf(stdout, "GPU: none (%s)\n", rep.NoGPU)
	}
	fmt.Fprintf(stdout, "%12s %12s %12s %14s\n", "N", "CPU", "GPU", "max rel diff")
	for _, row := range rep.Rows {
		g, d := "—", "—"
		if rep.GPU != "" {
			g, d = fmt.Sprintf("%.3g", row.GPUSeconds), fmt.Sprintf("%.2g", row.MaxRelDiff)
		}
		fmt.Fprintf(stdout, "%12d %12.3g %12s %14s\n", row.N, row.CPUSeconds, g, d)
	}
	return nil
}
