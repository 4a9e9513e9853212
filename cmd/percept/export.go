package main

import (
	"fmt"
	"io"

	"github.com/percept-go/percept/dlkit"
)

// export writes a model file as an ONNX model, for ONNX Runtime and other engines.
func export(args []string, stdout, _ io.Writer) error {
	c := newCommand("export", "-model model.json -o model.onnx [-float64]",
		"Writes a model file as an ONNX model of standard operators (opset 13), for ONNX Runtime and\nother engines, with float32 weights or, with -float64, float64 (see docs/onnx.md).", stdout)
	var (
		model stringFlag
		out   outputFlag
		f64   = c.Bool("float64", false, "store weights and compute in float64 (tensor(double)) rather than float32")
	)
	c.Var(&model, "model", "model `file` written by percept train -o (JSON)")
	c.Var(&out, "o", "the ONNX `file` to write")
	if err := c.parse(args); err != nil {
		return err
	}
	switch {
	case model.v == "":
		return c.mistake("-model FILE.json is required")
	case out.v == "":
		return c.mistake("-o FILE.onnx is required")
	}
	m, err := dlkit.LoadMLP(model.v)
	if err != nil {
		return err
	}
	if err := m.SaveONNX(out.v, dlkit.ONNXOptions{Float64: *f64}); err != nil {
		return err
	}
	precision := "float32"
	if *f64 {
		precision = "float64"
	}
	_, err = fmt.Fprintf(stdout, "saved %s: %s; %s, ONNX opset %d; input %s [N, %d], outputs %s [N, %d] and %s [N]\n",
		out.v, describeNet(m), precision, dlkit.ONNXOpset, dlkit.ONNXInput, m.Inputs.Features, dlkit.ONNXProbabilities, m.Classes, dlkit.ONNXLabel)
	return err
}
