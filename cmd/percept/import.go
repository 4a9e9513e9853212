package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// importONNX reads an ONNX model of an MLP (from percept export, or PyTorch's
// torch.onnx.export) and saves it as a Percept model file.
func importONNX(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		model = fs.String("model", "", "the ONNX `file` to read")
		out   = fs.String("o", "", "the model `file` to write (JSON), for percept predict and dlkit.LoadMLP")
	)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return mistake(fs, "-model FILE.onnx is required")
	case *out == "":
		return mistake(fs, "-o FILE.json is required")
	}
	m, err := dlkit.LoadONNX(*model)
	if err != nil {
		return err
	}
	if err := m.Save(*out); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "saved %s: %s\n", *out, describeNet(m))
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
