package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/percept-go/percept/dlkit"
)

// export writes a model file as an ONNX model, for ONNX Runtime and other engines.
func export(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		model = fs.String("model", "", "model `file` written by percept train -o (JSON)")
		out   = fs.String("o", "", "the ONNX `file` to write")
		f64   = fs.Bool("float64", false, "store weights and compute in float64 (tensor(double)) rather than float32")
	)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return mistake(fs, "-model FILE.json is required")
	case *out == "":
		return mistake(fs, "-o FILE.onnx is required")
	}
	m, err := dlkit.LoadMLP(*model)
	if err != nil {
		return err
	}
	if err := m.SaveONNX(*out, dlkit.ONNXOptions{Float64: *f64}); err != nil {
		return err
	}
	precision := "float32"
	if *f64 {
		precision = "float64"
	}
	_, err = fmt.Fprintf(stdout, "saved %s: %s; %s, ONNX opset %d; input %s [N, %d], outputs %s [N, %d] and %s [N]\n",
		*out, describeNet(m), precision, dlkit.ONNXOpset, dlkit.ONNXInput, m.Inputs.Features, dlkit.ONNXProbabilities, m.Classes, dlkit.ONNXLabel)
	return err
}
