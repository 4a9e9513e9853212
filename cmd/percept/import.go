package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// importONNX reads an ONNX model of an MLP (from percept export, or PyTorch's
// torch.onnx.export) and saves it as a Percept model file.
func importONNX(args []string, stdout, _ io.Writer) error {
	c := newCommand("import", "-model model.onnx -o model.json",
		"Reads an ONNX model of an MLP (from percept export, or PyTorch's torch.onnx.export) into a\nmodel file (see docs/onnx.md).", stdout)
	var (
		model stringFlag
		out   outputFlag
	)
	c.Var(&model, "model", "the ONNX `file` to read")
	c.Var(&out, "o", "the model `file` to write (JSON), for percept predict and dlkit.LoadMLP")
	if err := c.parse(args); err != nil {
		return err
	}
	switch {
	case model.v == "":
		return c.mistake("-model FILE.onnx is required")
	case out.v == "":
		return c.mistake("-o FILE.json is required")
	}
	m, err := dlkit.LoadONNX(model.v)
	if err != nil {
		return err
	}
	if err := m.Save(out.v); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "saved %s: %s\n", out.v, describeNet(m))
	return err
}

// describeNet says what a network read from ONNX does, such as "network 2-16-16-1 (tanh,
// relu), 2 classes, inputs standardised, crosses x1^2 sin(x1)".
func describeNet(m *dlkit.MLP) string {
	var acts []string
	for _, l := range m.Hidden {
		acts = append(acts, l.Activation.String())
	}
	s := fmt.Sprintf("network %s", strings.Fields(shape(m))[0])
	if len(acts) > 0 {
		s += " (" + strings.Join(acts, ", ") + ")"
	}
	s += fmt.Sprintf(", %d classes", m.Classes)
	if m.Inputs.Mean != nil {
		s += ", inputs standardised"
	}
	for i, c := range m.Inputs.Crosses {
		if i == 0 {
			s += ", crosses"
		}
		s += " " + c.String()
	}
	return s
}
