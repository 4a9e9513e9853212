package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// weightsFlag collects repeated -w flags: comma-separated finite numbers, at most
// dlkit.MaxChoices vectors, none twice.
type weightsFlag struct {
	w    [][]float64
	text []string // as given, for errors
}

func (f *weightsFlag) String() string { return strings.Join(f.text, " ") }

func (f *weightsFlag) Set(s string) error {
	fields, err := splitList(s)
	if err != nil {
		return err
	}
	if len(fields) == 0 {
		return errors.New("no weights")
	}
	if len(f.w) == dlkit.MaxChoices {
		return fmt.Errorf("more than %d weight vectors, beyond the limit (dlkit.MaxChoices)", dlkit.MaxChoices)
	}
	w := make([]float64, len(fields))
	for i, field := range fields {
		if w[i], err = parseFinite(field); err != nil {
			return err
		}
	}
	for _, v := range f.w {
		if slices.Equal(v, w) {
			return errors.New("given twice")
		}
	}
	f.w, f.text = append(f.w, w), append(f.text, s)
	return nil
}

// result is one line of compare's output.
type result struct {
	Weights  []float64 `json:"weights"`
	Bias     float64   `json:"bias"`
	SumError float64   `json:"sum_error"`
}

func compare(args []string, stdout, _ io.Writer) error {
	c := newCommand("compare", "-data FILE.csv -w W1,W2,... [-w ...] [-b BIAS] [-json] [-plot OUT.png]",
		fmt.Sprintf(`Prints the summed binary cross-entropy of the sigmoid unit with each weight vector -w (all with
the bias -b) on the file's points, one line each, or with -json one JSON array. Labels must be
0 and 1; at most %d weight vectors (dlkit.MaxChoices). A sum beyond the float64 range is an
error naming the -w: that takes a point on the wrong side of the boundary by more than the
range (w·x + b is formed so that it does not overflow), or many very large terms.`, dlkit.MaxChoices), stdout)
	var (
		flagW  weightsFlag
		bias   floatFlag
		data   stringFlag
		plotTo = outputFlag{figure: true}
		asJSON = c.Bool("json", false, "print one JSON array instead of lines")
	)
	c.Var(&data, "data", "CSV `file` of points and labels (x1,...,xk,label)")
	c.Var(&flagW, "w", "a weight `vector`, comma separated; repeat for each choice")
	c.Var(&bias, "b", "the `bias` used with every weight vector (default 0)")
	c.Var(&plotTo, "plot", "also draw the comparison to this `file` (.png, .svg, .pdf)")
	c.repeatable["w"] = true
	if err := c.parse(args); err != nil {
		return err
	}
	weights := flagW.w
	switch {
	case data.v == "":
		return c.mistake("-data FILE.csv is required")
	case len(weights) == 0:
		return c.mistake("at least one -w is required")
	}
	d, err := dlkit.LoadCSV(data.v)
	if err != nil {
		return err
	}
	biases := make([]float64, len(weights))
	for i, w := range weights {
		if len(w) != d.Dim() {
			return fmt.Errorf("-w %s has %d values, but %s has %d features", flagW.text[i], len(w), data.v, d.Dim())
		}
		biases[i] = bias.v
	}
	sums, err := dlkit.CompareCrossEntropy(d, weights, biases)
	var choice *dlkit.ChoiceError
	if errors.As(err, &choice) {
		return fmt.Errorf("-w %s: %w", flagW.text[choice.Choice], choice.Err)
	}
	if err != nil {
		return err
	}
	if plotTo.v != "" {
		fig, err := plots.ErrorComparison(sums, weights, biases)
		if err != nil {
			return err
		}
		if err := plots.Save(fig, plotTo.v); err != nil {
			return err
		}
	}
	if *asJSON {
		results := make([]result, len(sums))
		for i, s := range sums {
			results[i] = result{Weights: weights[i], Bias: bias.v, SumError: s}
		}
		return json.NewEncoder(stdout).Encode(results)
	}
	var b strings.Builder
	for i, s := range sums {
		fmt.Fprintf(&b, "weights=%s bias=%s sum_error=%s\n", joinFloats(weights[i]), fmtFloat(bias.v), fmtFloat(s))
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

func joinFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmtFloat(x)
	}
	return strings.Join(s, ",")
}
