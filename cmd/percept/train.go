package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// hiddenFlag is -hidden: comma-separated widths, each from 1, that make a network within the
// limits (dlkit.MaxLayers, MaxUnits, MaxParams) before the data says its features.
type hiddenFlag struct{ widths []int }

func (f *hiddenFlag) String() string {
	s := make([]string, len(f.widths))
	for i, w := range f.widths {
		s[i] = strconv.Itoa(w)
	}
	return strings.Join(s, ",")
}

func (f *hiddenFlag) Set(s string) error {
	widths, err := parseSizes(s, 1, dlkit.MaxUnits, "units", true)
	if err != nil {
		return err
	}
	if err := (dlkit.MLPConfig{Features: 1, Hidden: widths, Activation: dlkit.Tanh}).Check(); err != nil {
		return err
	}
	f.widths = widths
	return nil
}

// crossFlag is -cross: comma-separated feature crosses, each once.
type crossFlag struct{ crosses []dlkit.Cross }

func (f *crossFlag) String() string {
	s := make([]string, len(f.crosses))
	for i, c := range f.crosses {
		s[i] = c.String()
	}
	return strings.Join(s, ",")
}

func (f *crossFlag) Set(s string) error {
	names, err := splitList(s)
	if err != nil {
		return err
	}
	var crosses []dlkit.Cross
	for _, name := range names {
		var c dlkit.Cross
		if err := c.UnmarshalText([]byte(name)); err != nil {
			return err
		}
		if slices.Contains(crosses, c) {
			return fmt.Errorf("%s is there twice", c)
		}
		crosses = append(crosses, c)
	}
	f.crosses = crosses
	return nil
}

func train(args []string, stdout, stderr io.Writer) error {
	c := newCommand("train", "-data FILE.csv [-test FILE.csv] [-hidden 64,64] [-act tanh] [-epochs N] [-lr X] [-batch B] [-seed S] [-o model.json] [-plot out.png] [...]",
		fmt.Sprintf(`Trains a multi-layer perceptron on a CSV file's points (x1,...,xk,label; labels 0, 1, 2, ...),
showing its progress on standard error when that is a terminal, and prints the final loss and
accuracy (on -test data too). -o saves the model file, -plot draws the training (and, for two
features, the decision regions). Networks are at most %d hidden layers of %d units in all,
with %d weights and biases (dlkit.MaxLayers, MaxUnits, MaxParams), and a batch keeps at
most %d values (MaxValues): a smaller -batch fits larger networks.`, dlkit.MaxLayers, dlkit.MaxUnits, dlkit.MaxParams, dlkit.MaxValues), stdout)
	var (
		data, test  stringFlag
		hidden      = hiddenFlag{widths: []int{64, 64}}
		act         = choiceFlag{"tanh", []string{"sigmoid", "tanh", "relu"}}
		cross       crossFlag
		opt         = choiceFlag{"adam", []string{"adam", "sgd"}}
		epochs      = intFlag{200, 1, dlkit.MaxEpochs, "epochs"}
		patience    = intFlag{10, 0, dlkit.MaxEpochs, "epochs"}
		batch       = intFlag{200, 0, dlkit.MaxPoints, "points"}
		out         = outputFlag{}
		plotTo      = outputFlag{figure: true}
		lr          = floatFlag{0.001, above0}
		momentum    = floatFlag{0, below1}
		l2, tol     = floatFlag{0, atLeast0}, floatFlag{1e-4, atLeast0}
		targetAcc   = floatFlag{0, fraction}
		standardize = c.Bool("standardize", true, "scale each input to mean 0, standard deviation 1 (on the training data)")
		seed        = c.Uint64("seed", 0, "seed for the initial weights and the shuffling")
		quiet       = c.Bool("quiet", false, "no progress line (there is none when standard error is not a terminal)")
	)
	c.Var(&data, "data", "CSV `file` of training points and labels (x1,...,xk,label), or mnist")
	c.Var(&test, "test", "CSV `file` of test points, to report the accuracy on, or mnist-test")
	c.Var(&hidden, "hidden", "hidden layer `widths`, comma separated; empty for none (logistic regression)")
	c.Var(&act, "act", "hidden `activation`: sigmoid, tanh or relu")
	c.Var(&cross, "cross", "extra input `features`, comma separated: x1^2, x2^2, x1*x2, sin(x1), sin(x2)")
	c.Var(&opt, "opt", "`optimizer`: adam or sgd")
	c.Var(&epochs, "epochs", fmt.Sprintf("the most passes over the data (`epochs`), 1 to %d", dlkit.MaxEpochs))
	c.Var(&patience, "patience", "stop after this many `epochs` without the loss improving by -tol (0: never)")
	c.Var(&batch, "batch", "`points` per step; 0 for full-batch")
	c.Var(&out, "o", "save the trained model to this `file` (JSON)")
	c.Var(&plotTo, "plot", "draw the training (and decision regions, for two features) to this `file` (.png, .svg, .pdf)")
	c.Var(&lr, "lr", "learning `rate`, above 0")
	c.Var(&momentum, "momentum", "`momentum`, from 0 to below 1, for -opt sgd")
	c.Var(&l2, "l2", "L2 regularisation `strength`, 0 or more")
	c.Var(&tol, "tol", "the least improvement of the loss that counts, for -patience (a `loss`, 0 or more)")
	c.Var(&targetAcc, "target-acc", "stop once the training accuracy reaches this `fraction` (0: never)")
	if err := c.parse(args); err != nil {
		return err
	}
	switch {
	case data.v == "":
		return c.mistake("-data FILE.csv is required")
	case c.set("momentum") && opt.v != "sgd":
		return c.mistake("-momentum is for -opt sgd")
	case c.set("act") && len(hidden.widths) == 0:
		return c.mistake("-act %s: there are no hidden layers (-hidden is empty)", act.v)
	}
	activation, err := dlkit.ParseActivation(act.v)
	if err != nil {
		return c.mistake("-act: %v", err)
	}
	var optimizer dlkit.Optimizer = dlkit.Adam{LearningRate: lr.v}
	if opt.v == "sgd" {
		optimizer = dlkit.SGD{LearningRate: lr.v, Momentum: momentum.v}
	}

	d, err := loadData(data.v)
	if err != nil {
		return err
	}
	var testData *dlkit.Dataset
	if test.v != "" {
		if testData, err = loadData(test.v); err != nil {
			return err
		}
		if testData.Dim() != d.Dim() {
			return fmt.Errorf("%s has %d features, %s has %d", test.v, testData.Dim(), data.v, d.Dim())
		}
	}
	config := dlkit.MLPConfig{Features: d.Dim(), Crosses: cross.crosses, Hidden: hidden.widths, Activation: activation, Classes: max(d.Classes(), classesOf(testData)), Seed: *seed}
	m, err := dlkit.NewMLP(config)
	if err != nil {
		return fmt.Errorf("the network for %s (%d features, %d classes, -hidden %s): %w", data.v, d.Dim(), config.Classes, hidden.String(), err)
	}
	if *standardize {
		if err := m.Inputs.Standardize(d); err != nil {
			return err
		}
	}
	tc := dlkit.TrainConfig{Optimizer: optimizer, Epochs: epochs.v, BatchSize: batch.v, Seed: *seed, L2: l2.v,
		Patience: patience.v, Tolerance: tol.v, TargetAccuracy: targetAcc.v}
	var progress *plots.Progress
	if !*quiet && isTerminal(stderr) {
		progress = plots.NewProgress(stderr, "training")
		tc.OnEpoch = progress.Update
	}
	start := time.Now()
	h, err := dlkit.Train(m, d, tc)
	elapsed := time.Since(start)
	if progress != nil {
		progress.Done()
	}
	if err != nil {
		return err
	}

	// What goes to stdout is written once everything has worked.
	var report strings.Builder
	fmt.Fprintf(&report, "network %s, %d points, %s, %d epochs (stopped: %s) in %.2f s\n",
		shape(m), d.Len(), describe(optimizer, tc.BatchSize, d.Len()), len(h.Loss), h.Stop, elapsed.Seconds())
	measure := func(name string, d *dlkit.Dataset) error {
		met, err := dlkit.Evaluate(m, d)
		if err != nil {
			return err
		}
		fmt.Fprintf(&report, "%-5s loss %.6f  accuracy %.4f\n", name, met.LogLoss, met.Accuracy)
		return nil
	}
	if err := measure("train", d); err != nil {
		return err
	}
	if testData != nil {
		if err := measure("test", testData); err != nil {
			return err
		}
	}
	if out.v != "" {
		if err := m.Save(out.v); err != nil {
			return err
		}
		fmt.Fprintf(&report, "saved %s\n", out.v)
	}
	if plotTo.v != "" {
		if err := drawTraining(plotTo.v, m, d, h); err != nil {
			if out.v != "" {
				return fmt.Errorf("%w (the model is saved in %s)", err, out.v)
			}
			return err
		}
	}
	_, err = io.WriteString(stdout, report.String())
	return err
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
	s := []string{strconv.Itoa(m.Inputs.Width())}
	for _, l := range m.Hidden {
		_, c := l.W.Dims()
		s = append(s, strconv.Itoa(c))
	}
	_, c := m.Output.W.Dims()
	s = append(s, strconv.Itoa(c))
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
