package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// weightsFlag collects repeated -w flags.
type weightsFlag [][]float64

func (f *weightsFlag) String() string { return fmt.Sprint([][]float64(*f)) }

func (f *weightsFlag) Set(s string) error {
	var w []float64
	for _, field := range strings.Split(s, ",") {
		v, err := parseFinite(field)
		if err != nil {
			return err
		}
		w = append(w, v)
	}
	*f = append(*f, w)
	return nil
}

// result is one line of compare's output.
type result struct {
	Weights  []float64 `json:"weights"`
	Bias     float64   `json:"bias"`
	SumError float64   `json:"sum_error"`
}

func compare(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		weights weightsFlag
		bias    finiteFlag
		data    = fs.String("data", "", "CSV `file` of points and labels (x1,...,xk,label)")
		asJSON  = fs.Bool("json", false, "print one JSON array instead of lines")
		plotTo  = fs.String("plot", "", "also draw the comparison to this `file` (.png, .svg, .pdf)")
	)
	fs.Var(&weights, "w", "a weight `vector`, comma separated; repeat for each choice")
	fs.Var(&bias, "b", "the `bias` used with every weight vector (default 0)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *data == "":
		return mistake(fs, "-data FILE.csv is required")
	case len(weights) == 0:
		return mistake(fs, "at least one -w is required")
	}
	d, err := dlkit.LoadCSV(*data)
	if err != nil {
		return err
	}
	biases := make([]float64, len(weights))
	for i, w := range weights {
		if len(w) != d.Dim() {
			return fmt.Errorf("-w %s has %d values, but %s has %d features", joinFloats(w), len(w), *data, d.Dim())
		}
		biases[i] = float64(bias)
	}
	sums, err := dlkit.CompareCrossEntropy(d, weights, biases)
	if err != nil {
		return err
	}
	results := make([]result, len(sums))
	for i, s := range sums {
		results[i] = result{Weights: weights[i], Bias: float64(bias), SumError: s}
	}
	if *plotTo != "" {
		fig, err := plots.ErrorComparison(sums, weights, biases)
		if err != nil {
			return err
		}
		if err := plots.Save(fig, *plotTo); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		return enc.Encode(results)
	}
	for _, r := range results {
		if _, err := fmt.Fprintf(stdout, "weights=%s bias=%s sum_error=%s\n", joinFloats(r.Weights), fmtFloat(r.Bias), fmtFloat(r.SumError)); err != nil {
			return err
		}
	}
	return nil
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmtFloat(x)
	}
	return strings.Join(s, ",")
}
