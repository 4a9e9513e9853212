// Package nb holds what Percept's notebooks share beyond the library: Must and Check, which
// stop a cell with the error that went wrong; TrainOnce, which trains a network the first
// time a notebook needs it, with a progress bar, and loads it every time after that; and
// Evaluate, which measures a network on data once and reads the metrics back after that.
//
// A notebook imports it beside dlkit and plots:
//
//	import (
//		"github.com/percept-go/percept/dlkit"
//		"github.com/percept-go/percept/nb"
//		"github.com/percept-go/percept/plots"
//	)
//
//	data := nb.Must(dlkit.LoadCSV("data/tutorial.csv"))
//	nb.Check(plots.Show(nb.Must(plots.Decision(data))))
//
// It imports dlkit and plots; neither imports it.
package nb

import (
	"path/filepath"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// Must returns v, or stops the cell with err if it is not nil: for calls that return a value
// and an error, such as nb.Must(dlkit.LoadCSV(path)).
func Must[T any](v T, err error) T {
	Check(err)
	return v
}

// Check stops the cell with err if it is not nil, by panicking with it: GoNB shows the error
// under the cell, and the cells after it still run.
func Check(err error) {
	if err != nil {
		panic(err)
	}
}

// ModelDir is the directory, relative to the notebook's, where TrainOnce keeps the networks it
// trains. (GoNB runs a notebook's cells in the notebook's directory.)
const ModelDir = "models"

// TrainOnce trains m on d as dlkit.TrainOnce does, keeping the result in the model file
// ModelDir/name.json: the first time, it trains and shows a progress bar labelled name
// (plots.Progress); later, when the file holds the result of this same training, it loads it
// into m, showing nothing. It returns the training's history. c.OnEpoch, if set, is called
// after every epoch too.
//
// Every cell of a notebook re-runs the whole program, so a function that builds a network and
// calls TrainOnce can be called from any cell: only the first call trains.
func TrainOnce(name string, m *dlkit.MLP, d *dlkit.Dataset, c dlkit.TrainConfig) (dlkit.History, error) {
	progress := plots.NewProgress(nil, name)
	onEpoch := c.OnEpoch
	c.OnEpoch = func(e dlkit.Epoch) bool {
		progress.Update(e)
		return onEpoch == nil || onEpoch(e)
	}
	h, _, err := dlkit.TrainOnce(filepath.Join(ModelDir, name+".json"), m, d, c)
	progress.Done()
	return h, err
}

// MetricsDir is the directory, relative to the notebook's, where Evaluate keeps the metrics it
// computes: beside the networks, hidden.
const MetricsDir = ModelDir + "/.metrics"

// Evaluate measures m on d as dlkit.Evaluate does, remembered as dlkit.EvaluateOnce remembers
// it, in MetricsDir: the first call for a network and data computes the metrics, later ones
// (in this cell or a later one) read them back, for as long as the network and the data are
// the same in every value.
func Evaluate(m *dlkit.MLP, d *dlkit.Dataset) (dlkit.Metrics, error) {
	met, _, err := dlkit.EvaluateOnce(MetricsDir, m, d)
	return met, err
}
