package main

import (
	"fmt"
	"io"

	"github.com/percept-go/percept/dlkit"
)

// seed prints the tutorial's results, with its labels.
func seed(args []string, stdout, _ io.Writer) error {
	c := newCommand("seed", "", "Prints the four results of the tutorial Percept follows: a step perceptron's label, a\nsigmoid perceptron's output and label, and the summed cross-entropy of two weight choices.", stdout)
	if err := c.parse(args); err != nil {
		return err
	}
	return printSeed(stdout)
}

func printSeed(w io.Writer) error {
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
