package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/gonum/mat"
)

func predict(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept predict", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		model  = fs.String("model", "", "model `file` written by percept train -o")
		data   = fs.String("data", "", "CSV `file` of points (x1,...,xk), optionally with labels; or mnist-test, mnist")
		asJSON = fs.Bool("json", false, `print one JSON array of {"label":k,"probabilities":[...]}`)
	)
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *model == "":
		return mistake(fs, "-model FILE is required")
	case *data == "":
		return mistake(fs, "-data FILE.csv is required")
	}
	m, err := dlkit.LoadMLP(*model)
	if err != nil {
		return err
	}
	var (
		x      mat.Matrix
		labels []float64
	)
	if strings.HasPrefix(*data, "mnist") {
		d, err := loadData(*data)
		if err != nil {
			return err
		}
		x, labels = d.X(), d.Labels()
	} else if x, labels, err = dlkit.LoadPoints(*data, m.Inputs.Features); err != nil {
		return err
	}
	proba, err := m.ProbaBatch(x)
	if err != nil {
		return err
	}
	predicted, err := m.PredictBatch(nil, x)
	if err != nil {
		return err
	}
	type row struct {
		Label         int       `json:"label"`
		Probabilities []float64 `json:"probabilities"`
	}
	rows := make([]row, len(predicted))
	for i, k := range predicted {
		rows[i] = row{k, proba.RawRowView(i)}
	}
	if *asJSON {
		if err := json.NewEncoder(stdout).Encode(rows); err != nil {
			return err
		}
	} else {
		for _, r := range rows {
			if _, err := fmt.Fprintf(stdout, "label=%d probability=%.6f\n", r.Label, r.Probabilities[r.Label]); err != nil {
				return err
			}
		}
	}
	if labels != nil {
		met, err := dlkit.Confusion(predicted, labels, m.Classes)
		if err != nil {
			return fmt.Errorf("%s: %w", *data, err)
		}
		fmt.Fprintf(stderr, "accuracy %.4f (%d of %d points)\n", met.Accuracy, int(met.Accuracy*float64(len(labels))+0.5), len(labels))
	}
	return nil
}
