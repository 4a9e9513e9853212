package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

func train(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		lr, momentum, l2 = finiteFlag(0.001), finiteFlag(0), finiteFlag(0)
		data             = fs.String("data", "", "CSV `file` of training points and labels (x1,...,xk,label), or mnist")
		test             = fs.String("test", "", "CSV `file` of test points, to report the accuracy on, or mnist-test")
		hidden           = fs.String("hidden", "64,64", "hidden layer `widths`, comma separated; empty for none (logistic regression)")
		act              = fs.String("act", "tanh", "hidden `activation`: sigmoid, tanh or relu")
		crosses          = fs.String("cross", "", "extra input `features`, comma separated: x1^2, x2^2, x1*x2, sin(x1), sin(x2)")
		standardize      = fs.Bool("standardize", true, "scale each input to mean 0, standard deviation 1 (on the training data)")
		opt              = fs.String("opt", "adam", "`optimizer`: adam or sgd")
		epochs           = fs.Int("epochs", 200, "the most passes over the data")
		patience         = fs.Int("patience", 10, "stop after this many epochs without the loss improving by -tol (0: never)")
		batch            = fs.Int("batch", 200, "points per step; 0 for full-batch")
		seed             = fs.Uint64("seed", 0, "seed for the initial weights and the shuffling")
		out              = fs.String("o", "", "save the trained model to this `file` (JSON)")
		plotTo           = fs.String("plot", "", "draw the training (and decision regions, for two features) to this `file`")
		quiet            = fs.Bool("quiet", false, "no progress line (there is none when standard error is not a terminal)")
	)
	fs.Var(&lr, "lr", "learning `rate`")
	fs.Var(&momentum, "momentum", "momentum, for -opt sgd")
	fs.Var(&l2, "l2", "L2 regularisation strength")
	tol, targetAcc := finiteFlag(1e-4), finiteFlag(0)
	fs.Var(&tol, "tol", "the least improvement of the loss that counts, for -patience")
	fs.Var(&targetAcc, "target-acc", "stop once the training accuracy reaches this `fraction` (0: never)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *data == "" {
		return mistake(fs, "-data FILE.csv is required")
	}
	widths, err := parseInts(*hidden)
	if err != nil {
		return mistake(fs, "-hidden: %v", err)
	}
	activation, err := dlkit.ParseActivation(*act)
	if err != nil {
		return mistake(fs, "-act: %v", err)
	}
	var cross []dlkit.Cross
	for _, name := range splitList(*crosses) {
		var c dlkit.Cross
		if err := c.UnmarshalText([]byte(name)); err != nil {
			return mistake(fs, "-cross: %v", err)
		}
		cross = append(cross, c)
	}
	var optimizer dlkit.Optimizer
	switch *opt {
	case "adam":
		optimizer = dlkit.Adam{LearningRate: float64(lr)}
	case "sgd":
		optimizer = dlkit.SGD{LearningRate: float64(lr), Momentum: float64(momentum)}
	default:
		return mistake(fs, "-opt %q: want adam or sgd", *opt)
	}

	d, err := loadData(*data)
	if err != nil {
		return err
	}
	var testData *dlkit.Dataset
	if *test != "" {
		if testData, err = loadData(*test); err != nil {
			return err
		}
		if testData.Dim() != d.Dim() {
			return fmt.Errorf("%s has %d features, %s has %d", *test, testData.Dim(), *data, d.Dim())
		}
	}
	m, err := dlkit.NewMLP(dlkit.MLPConfig{Features: d.Dim(), Crosses: cross, Hidden: widths, Activation: activation, Classes: max(d.Classes(), classesOf(testData)), Seed: *seed})
	if err != nil {
		return err
	}
	if *standardize {
		if err := m.Inputs.Standardize(d); err != nil {
			return err
		}
	}
	config := dlkit.TrainConfig{Optimizer: optimizer, Epochs: *epochs, BatchSize: *batch, Seed: *seed, L2: float64(l2),
		Patience: *patience, Tolerance: float64(tol), TargetAccuracy: float64(targetAcc)}
	var progress *plots.Progress
	if !*quiet && isTerminal(stderr) {
		progress = plots.NewProgress(stderr, "training")
		config.OnEpoch = progress.Update
	}
	start := time.Now()
	h, err := dlkit.Train(m, d, config)
	elapsed := time.Since(start)
	if progress != nil {
		progress.Done()
	}
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "network %s, %d points, %s, %d epochs (stopped: %s) in %.2f s\n",
		shape(m), d.Len(), describe(optimizer, config.BatchSize, d.Len()), len(h.Loss), h.Stop, elapsed.Seconds())
	report := func(name string, d *dlkit.Dataset) error {
		met, err := dlkit.Evaluate(m, d)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%-5s loss %.6f  accuracy %.4f\n", name, met.LogLoss, met.Accuracy)
		return err
	}
	if err := report("train", d); err != nil {
		return err
	}
	if testData != nil {
		if err := report("test", testData); err != nil {
			return err
		}
	}
	if *out != "" {
		if err := m.Save(*out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "saved %s\n", *out)
	}
	if *plotTo != "" {
		if err := drawTraining(*plotTo, m, d, h); err != nil {
			return err
		}
	}
	return nil
}

// drawTraining saves the loss and accuracy curves, and for two-feature data the decision
// regions beside them.
func drawTraining(path string, m *dlkit.MLP, d *dlkit.Dataset, h dlkit.History) error {
	curves, err := plots.TrainingCurves(h)
	if err != nil {
		return err
	}
	if d.Dim() == 2 {
		regions, err := plots.Regions(d, m)
		if err != nil {
			return err
		}
		curves = plots.Row(regions, curves.Plots[0][0], curves.Plots[0][1])
	}
	return plots.Save(curves, path)
}

// isTerminal reports whether w is a terminal, where a progress line that rewrites itself
// makes sense (in a log file it would be one long line).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func classesOf(d *dlkit.Dataset) int {
	if d == nil {
		return 2
	}
	return d.Classes()
}

// shape describes a network as "2-64-64-1 tanh".
func shape(m *dlkit.MLP) string {
	var s []string
	for _, w := range m.Widths() {
		s = append(s, strconv.Itoa(w))
	}
	out := strings.Join(s, "-")
	if len(m.Hidden) > 0 {
		out += " " + m.Hidden[0].Activation.String()
	}
	return out
}

func describe(o dlkit.Optimizer, batch, n int) string {
	var s string
	switch o := o.(type) {
	case dlkit.Adam:
		s = "adam lr " + fmtFloat(o.LearningRate)
	case dlkit.SGD:
		s = "sgd lr " + fmtFloat(o.LearningRate)
		if o.Momentum != 0 {
			s += " momentum " + fmtFloat(o.Momentum)
		}
	}
	if batch <= 0 || batch >= n {
		return s + ", full batch"
	}
	return s + ", batch " + strconv.Itoa(batch)
}
