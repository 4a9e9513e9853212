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
// "percept help COMMAND" or "percept COMMAND -h" prints a command's flags, and exits with
// status 0. Errors go to standard error, in one line starting "percept: "; the exit status is 1
// for a failure and 2 for a mistake in the command line. Sizes from flags and files are held
// to dlkit's limits (go doc dlkit.MaxClasses, docs/model-format.md).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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

Run "percept help COMMAND" (or "percept COMMAND -h") for a command's flags.
`

// commands are the subcommands, by name: each parses its arguments and runs.
var commands = map[string]func(args []string, stdout, stderr io.Writer) error{
	"seed": seed, "compare": compare, "train": train, "predict": predict, "export": export, "import": importONNX,
	"generate": generate, "speed": speed,
}

// run runs the command line args. Whatever goes wrong is reported in one line on stderr,
// starting "percept: ", with exit status 2 for a mistake in the command line and 1 for a
// failure; help goes to stdout, with status 0.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, `percept: no command given (run "percept help" for the commands)`)
		return 2
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) == 1 {
			fmt.Fprint(stdout, usage)
			return 0
		}
		if len(args) > 2 || commands[args[1]] == nil {
			fmt.Fprintf(stderr, "percept: help %s: want one command: seed, compare, train, predict, export, import, generate or speed\n", strings.Join(args[1:], " "))
			return 2
		}
		name, args = args[1], []string{args[1], "-h"}
	}
	cmd := commands[name]
	if cmd == nil {
		fmt.Fprintf(stderr, "percept: unknown command %q (run \"percept help\" for the commands)\n", name)
		return 2
	}
	err := cmd(args[1:], stdout, stderr)
	var mistake *usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &mistake):
		fmt.Fprintf(stderr, "percept: %s\n", oneLine(err.Error()))
		return 2
	}
	fmt.Fprintf(stderr, "percept: %s\n", oneLine(err.Error()))
	return 1
}

// oneLine writes line breaks in a message (from a file name, say) as \n, so that an error is
// always one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r", `\r`, "\n", `\n`).Replace(s)
}
