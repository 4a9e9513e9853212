// Command percept runs Percept's computations from the shell.
//
// Usage:
//
//	percept seed
//	percept compare -data FILE.csv -w W1,W2,... [-w ...] [-b BIAS] [-json] [-plot OUT.png]
//	percept train -data FILE.csv [-test FILE.csv] [-hidden 64,64] [-act tanh] [-epochs N] [-lr X]
//	              [-batch B] [-seed S] [-o model.json] [-plot out.png] (more: percept train -h)
//	percept predict -model model.json -data FILE.csv [-json]
//	percept generate -kind moons [-n 200] [-noise 0.1] [-classes 3] [-seed S] [-o FILE.csv]
//	percept speed [-n 10000,100000,...] [-k 16] [-json]
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
// train fits a multi-layer perceptron to a CSV file's points, showing its progress on standard
// error, and prints the final loss and accuracy (on -test data too, if given); -o saves the
// model file, -plot draws the training (and, for two features, the decision regions).
//
// predict prints, for each point of a CSV file, the model's predicted label and its probability
// (with -json, one JSON array with every class's probability). If the file has labels, the
// accuracy goes to standard error.
//
// generate writes one of the classic toy datasets as CSV: moons, circles, xor, spirals, blobs
// or separable.
//
// speed times the comparison of -k weight choices over N two-feature points, for each -n, on
// the CPU and, in a program built with -tags cuda on a machine with an NVIDIA GPU, on the GPU,
// and prints the seconds per pass (or, with -json, one JSON object). Without a GPU it says why.
//
// Errors go to standard error; the exit status is 1 for a failure and 2 for a usage mistake.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

const usage = `percept runs Percept's computations.

Usage:
  percept seed
        print the tutorial's four results
  percept compare -data FILE.csv -w W1,W2 [-w ...] [-b BIAS] [-json] [-plot OUT.png]
        summed cross-entropy of each weight vector on the file's points
  percept train -data FILE.csv [-test FILE.csv] [-hidden 64,64] [-act tanh] [-epochs N]
                [-lr X] [-batch B] [-seed S] [-o model.json] [-plot out.png]
        train a network and print its loss and accuracy
  percept predict -model model.json -data FILE.csv [-json]
        a label and its probability for every point
  percept generate -kind moons [-n 200] [-noise 0.1] [-classes 3] [-seed S] [-o FILE.csv]
        a toy dataset as CSV (moons, circles, xor, spirals, blobs, separable)
  percept speed [-n 10000,100000,...] [-k 16] [-json]
        time the comparison of weight choices on the CPU, and on the GPU if there is one

Run "percept COMMAND -h" for a command's flags.
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
	case "train":
		err = train(args[1:], stdout, stderr)
	case "predict":
		err = predict(args[1:], stdout, stderr)
	case "generate":
		err = generate(args[1:], stdout, stderr)
	case "speed":
		err = speed(args[1:], stdout, stderr)
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

// parse parses a command's flags. Mistakes are reported, with the command's flags, and give
// errUsage; -h gives flag.ErrHelp.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed what was wrong, and the usage
	}
	if fs.NArg() > 0 {
		return mistake(fs, "unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// mistake reports a command-line mistake with the command's flags, and returns errUsage.
func mistake(fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(fs.Output(), "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return errUsage
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
