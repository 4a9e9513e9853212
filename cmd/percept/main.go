// Command percept runs Percept's computations from the shell.
//
// Usage:
//
//	percept seed
//	percept compare -data FILE.csv -w W1,W2,... [-w ...] [-b BIAS] [-json] [-plot OUT.png]
//	percept train -data FILE.csv [-test FILE.csv] [-hidden 64,64] [-act tanh] [-epochs N] [-lr X]
//	              [-batch B] [-seed S] [-o model.json] [-plot out.png] (more: percept train -h)
//	percept predict -model model.json -data FILE.csv [-json]
//	percept export -model model.json -o model.onnx [-float64]
//	percept import -model model.onnx -o model.json
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
// export writes a model file as an ONNX model of standard operators (opset 13) for ONNX Runtime
// and other engines, with float32 weights or, with -float64, float64; import reads an ONNX
// model of an MLP (from export, or from PyTorch's torch.onnx.export) into a model file.
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
	"os"
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
  percept export -model model.json -o model.onnx [-float64]
        the model as ONNX, for ONNX Runtime and other engines
  percept import -model model.onnx -o model.json
        an ONNX model of an MLP (percept export's, PyTorch's) as a model file
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
	case "export":
		err = export(args[1:], stdout, stderr)
	case "import":
		err = importONNX(args[1:], stdout, stderr)
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
