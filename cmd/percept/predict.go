package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/gonum/mat"
)

func predict(args []string, stdout, stderr io.Writer) error {
	c := newCommand("predict", "-model model.json -data FILE.csv [-json]",
		`Prints, for each point of a CSV file (x1,...,xk, each row optionally followed by a label), the
model's predicted label and its probability, or with -json one JSON array with every class's
probability. If the file has labels, the accuracy goes to standard error. The points are
passed through the network a batch at a time, and every point is checked (its label one of
the model's classes, the network's output finite) before anything is printed.`, stdout)
	var model, data stringFlag
	c.Var(&model, "model", "model `file` written by percept train -o")
	c.Var(&data, "data", "CSV `file` of points (x1,...,xk), optionally with labels; or mnist-test, mnist")
	asJSON := c.Bool("json", false, `print one JSON array of {"label":k,"probabilities":[...]}`)
	if err := c.parse(args); err != nil {
		return err
	}
	switch {
	case model.v == "":
		return c.mistake("-model FILE is required")
	case data.v == "":
		return c.mistake("-data FILE.csv is required")
	}
	m, err := dlkit.LoadMLP(model.v)
	if err != nil {
		return err
	}
	var points *dlkit.Points
	if _, ok := builtin[data.v]; ok {
		d, err := loadData(data.v)
		if err != nil {
			return err
		}
		if d.Classes() > m.Classes {
			return fmt.Errorf("%s has %d classes, the model %s %d", data.v, d.Classes(), model.v, m.Classes)
		}
		points = d.Points()
	} else if points, err = dlkit.LoadPointsFor(data.v, m); err != nil {
		return err
	}

	out := bufio.NewWriter(stdout)
	var line []byte
	correct, n := 0, 0
	if *asJSON {
		out.WriteByte('[')
	}
	err = m.PredictEach(points, func(lo int, proba *mat.Dense, classes []int) error {
		for i, k := range classes {
			p := proba.RawRowView(i)
			if *asJSON {
				if lo+i > 0 {
					out.WriteByte(',')
				}
				b, err := json.Marshal(struct {
					Label         int       `json:"label"`
					Probabilities []float64 `json:"probabilities"`
				}{k, p})
				if err != nil {
					return err
				}
				out.Write(b)
			} else {
				line = fmt.Appendf(line[:0], "label=%d probability=%.6f\n", k, p[k])
				out.Write(line)
			}
			if points.Labels != nil && float64(k) == points.Labels[lo+i] {
				correct++
			}
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	if *asJSON {
		out.WriteString("]\n")
	}
	if err := out.Flush(); err != nil {
		return err
	}
	if points.Labels != nil {
		fmt.Fprintf(stderr, "accuracy %.4f (%d of %d points)\n", float64(correct)/float64(n), correct, n)
	}
	return nil
}
