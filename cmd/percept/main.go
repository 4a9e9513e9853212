// Command percept runs Percept's tutorial computations from the shell.
//
// Usage:
//
//	percept seed
//	percept compare -data FILE.csv -w W1,W2,... [-w ...] [-b BIAS] [-json] [-plot OUT.png]
//
// seed prints the four results of the tutorial Percept follows (a step perceptron's label, a
// sigmoid perceptron's output and label, and the summed cross-entropy of two weight choices).
//
// compare reads labelled points from a CSV file (x1,...,xk,label; an optional header) and prints
// the summed binary cross-entropy of the sigmoid unit with each weight vector given with -w, all
// with the bias -b: one line per weight vector, or with -json one JSON array of
// {"weights":[...],"bias":b,"sum_error":e}. With -plot it also draws the comparison as a bar chart
// (.png, .svg or .pdf).
//
// Errors go to standard error; the exit status is 1 for a failure and 2 for a usage mistake.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `percept runs Percept's tutorial computations.

Usage:
  percept seed
        print the tutorial's four results
  percept compare -data FILE.csv -w W1,W2 [-w ...] [-b BIAS] [-json] [-plot OUT.png]
        summed cross-entropy of each weight vector on the file's points

Run "percept compare -h" for its flags.
`

// errUsage marks mistakes in the command line, already reported with the usage; run exits
// with status 2 for them.
var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "seed":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "percept: seed takes no arguments, got %q\n\n%s", args[1:], usage)
			return 2
		}
		err = seed(stdout)
	case "compare":
		err = compare(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "percept: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "percept: %v\n", err)
		return 1
	}
	return 0
}

// seed prints the tutorial's results, with its labels.
func seed(w io.Writer) error {
	x := []float64{2, 3}
	p := dlkit.Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: dlkit.Step}
	label, err := p.Predict(x)
	if err != nil {
		return err
	}
	p.Activation = dlkit.Sigmoid
	out, err := p.Forward(x)
	if err != nil {
		return err
	}
	sigmoidLabel, err := p.Predict(x)
	if err != nil {
		return err
	}
	sums, err := dlkit.CompareCrossEntropy(dlkit.TutorialData(), [][]float64{{0, 0}, {1, -1}}, []float64{0, 0})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "Predicted label: %d\nForward propagation output: %s\nLabel: %d\nsum_error1: %s sum_error2: %s\n",
		label, fmtFloat(out), sigmoidLabel, fmtFloat(sums[0]), fmtFloat(sums[1]))
	return err
}

// fmtFloat writes v in the shortest form that reads back as the same float64, as Python does.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

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

// parseFinite parses a finite float64.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// finiteFlag is a float64 flag that must be finite.
type finiteFlag float64

func (f *finiteFlag) String() string { return fmtFloat(float64(*f)) }

func (f *finiteFlag) Set(s string) error {
	v, err := parseFinite(s)
	*f = finiteFlag(v)
	return err
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed what was wrong, and the usage
	}
	mistake := ""
	switch {
	case fs.NArg() > 0:
		mistake = fmt.Sprintf("unexpected argument %q", fs.Arg(0))
	case *data == "":
		mistake = "-data FILE.csv is required"
	case len(weights) == 0:
		mistake = "at least one -w is required"
	}
	if mistake != "" {
		fmt.Fprintf(stderr, "percept compare: %s\n", mistake)
		fs.Usage()
		return errUsage
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
