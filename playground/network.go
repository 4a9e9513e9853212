package playground

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// NetworkConfig sets up the network playground (see Network). The zero value is TensorFlow
// Playground's start: the circle, x1 and x2, two hidden layers of 4 and 2 tanh units,
// learning rate 0.03, no regularisation, batches of 10, half the points for training. The
// settings that have sliders (Noise, TrainFraction, LearningRate, RegularizationRate,
// BatchSize) need not be among the sliders' positions: a slider starts at its setting exactly.
type NetworkConfig struct {
	// Data is the dataset to start with: "circle", "xor", "gauss", "spiral", "moons", or the
	// base name of one of CSV. Default "circle".
	Data string
	// CSV names CSV files of your own (x1,x2,label; labels 0, 1, ...), offered after the
	// built-in datasets; the panel can load more.
	CSV []string
	// Points is the size of a generated dataset (default 500), and Noise the standard
	// deviation of the noise added to it, relative to its size (0 to 0.5; default 0).
	Points int
	Noise  float64
	// TrainFraction is the share of the points trained on (0.1 to 0.9; default 0.5); the
	// rest are the test points.
	TrainFraction float64
	// Features are the network's inputs, by name: x1, x2, x1^2, x2^2, x1*x2, sin(x1),
	// sin(x2). Default x1 and x2.
	Features []string
	// Hidden are the widths of the hidden layers (default 4, 2): up to MaxLayers layers of
	// up to MaxWidth units. Activation is theirs (default tanh).
	Hidden     []int
	Activation dlkit.Activation
	// Standardize scales every input to mean 0 and standard deviation 1 over the training
	// points (TensorFlow Playground does not; a CSV of large numbers needs it).
	Standardize bool
	// LearningRate is plain gradient descent's (default 0.03), BatchSize its points per step
	// (default 10).
	LearningRate float64
	BatchSize    int
	// Regularization is "", "L1" or "L2", at RegularizationRate.
	Regularization     string
	RegularizationRate float64
	// Seed draws the data, its split and the first weights; Reset draws new weights,
	// Regenerate new points (of a built-in dataset) and a new split.
	Seed uint64
	// Save is the model file Save writes (default models/playground.json, relative to the
	// notebook): a versioned Percept model that dlkit.LoadMLP and percept predict read. The
	// test points go beside it, in models/playground-test.csv.
	Save string
	Options
}

// Limits on the networks a playground trains live, so that a frame stays quick.
const (
	MaxLayers = 12
	MaxWidth  = 64
)

// featureNames are the inputs a network can take, in the panel's order: the raw features and
// dlkit's crosses.
var featureNames = []string{"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}

// featureLabels are how the panel and the frame name them.
var featureLabels = []string{"x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"}

// builtins are the generated datasets: name, generator (n points, noise), and the factor
// that scales them to about [−6, 6], TensorFlow Playground's plane, where sin(x1) turns.
var builtins = []struct {
	name  string
	make  func(n int, noise float64, seed uint64) (*dlkit.Dataset, error)
	scale float64
}{
	{"circle", dlkit.Circles, 5},
	{"xor", dlkit.XOR, 5},
	{"gauss", func(n int, noise float64, seed uint64) (*dlkit.Dataset, error) {
		return dlkit.Blobs(n, 2, 0.4+2*noise, seed) // clusters 4 apart: noise 0 leaves them clear
	}, 1.5},
	{"spiral", func(n int, noise float64, seed uint64) (*dlkit.Dataset, error) {
		return dlkit.Spirals(n, 2, noise, seed)
	}, 5},
	{"moons", dlkit.Moons, 2.5},
}

var (
	// The sliders' scales, TensorFlow Playground's; a value of the config between or beyond
	// their positions becomes a position of its own (see scales).
	noiseScale    = Linear(0, 0.5, 0.05)
	ratioScale    = Linear(0.1, 0.9, 0.1)
	batchScale    = Linear(1, 30, 1)
	rateScale     = Log(1e-5, 10, false)
	regRateScale  = append(Scale{0}, Log(1e-3, 10, false)...)
	activations   = []dlkit.Activation{dlkit.ReLU, dlkit.Tanh, dlkit.Sigmoid, dlkit.Linear}
	regularizers  = []string{"none", "L1", "L2"}
	errDiverged   = errors.New("training diverged: the loss became infinite. Try a smaller learning rate, and press Reset")
	defaultHidden = []int{4, 2}
)

// networkApp is the state of a network playground: a small state machine, paused or playing,
// that the panel's messages drive.
type networkApp struct {
	data           datasets // built-ins first (regenerated on a change of noise), then CSVs
	cur            int
	points         int
	noise, ratio   float64
	features       []bool // by featureNames
	hidden         []int
	act            dlkit.Activation
	standardize    bool
	rate           float64
	batch          int
	reg            int // index in regularizers
	regRate        float64
	seed, resets   uint64
	draws          uint64 // Regenerate's presses: new points and a new split each
	save           string
	showTest       bool
	discretize     bool
	train, test    *dlkit.Dataset
	net            *dlkit.MLP
	epoch          int
	trainLoss      []float64 // per epoch, from 0 (before training)
	testLoss       []float64
	testAccuracy   float64 // now
	isPlaying      bool
	selected       unitRef // the unit the big map shows
	saved          string  // what the last Save did
	cache          frameCache
	lastStepFailed bool // the last step diverged: Play waits for a change
	scales         struct{ noise, ratio, batch, rate, regRate Scale }
}

// unitRef names a unit of the network: layer 0 is the inputs, 1..L the hidden layers, L+1
// the output; the zero value is the output (layer −1 stands for it).
type unitRef struct{ layer, unit int }

var outputUnit = unitRef{-1, 0}

// Network returns the network playground: the controls of TensorFlow Playground — the
// dataset (circle, XOR, gauss, spiral, moons or a CSV of your own), its noise and new points
// (Regenerate), the share of training points, the input features, any number of hidden
// layers and units (up to MaxLayers of MaxWidth), activation (ReLU, tanh, sigmoid or linear),
// learning rate, L1 or L2 regularisation and its rate, batch size; play and pause, one step,
// reset — training with cross-entropy. It shows the decision map with the training (filled) and test (hollow)
// points, the training and test loss curves and the epoch, and the network as TensorFlow
// Playground draws it: each unit a small map of what it computes, links as wide as their
// weights, orange for positive and blue for negative. Click a unit (or choose it in the panel)
// to see its map large; Save writes the network as a model file. Errors in the config are
// returned by Run and Frame.
func Network(c NetworkConfig) *Playground {
	a, err := newNetworkApp(c)
	if err != nil {
		return &Playground{err: err}
	}
	return &Playground{app: a, opt: c.Options}
}

func newNetworkApp(c NetworkConfig) (*networkApp, error) {
	a := &networkApp{
		points: c.Points, noise: c.Noise, ratio: c.TrainFraction, hidden: slices.Clone(c.Hidden), act: c.Activation,
		standardize: c.Standardize, rate: c.LearningRate, batch: c.BatchSize, regRate: c.RegularizationRate,
		seed: c.Seed, save: c.Save, showTest: true, selected: outputUnit,
	}
	if a.points == 0 {
		a.points = 500
	}
	if a.ratio == 0 {
		a.ratio = 0.5
	}
	if c.Hidden == nil {
		a.hidden = slices.Clone(defaultHidden)
	}
	if a.act == 0 {
		a.act = dlkit.Tanh
	}
	if a.rate == 0 {
		a.rate = 0.03
	}
	if a.batch == 0 {
		a.batch = 10
	}
	if a.save == "" {
		a.save = filepath.Join("models", "playground.json")
	}
	switch {
	case a.points < 10 || a.points > 5000:
		return nil, fmt.Errorf("playground: %d points, want 10 to 5000", a.points)
	case !(a.noise >= 0 && a.noise <= 0.5):
		return nil, fmt.Errorf("playground: noise %v, want 0 to 0.5", a.noise)
	case !(a.ratio >= 0.1 && a.ratio <= 0.9):
		return nil, fmt.Errorf("playground: training fraction %v, want 0.1 to 0.9", a.ratio)
	case !(a.rate > 0) || math.IsInf(a.rate, 0):
		return nil, fmt.Errorf("playground: learning rate %v, want a finite value > 0", a.rate)
	case a.batch < 1:
		return nil, fmt.Errorf("playground: batch size %d, want at least 1", a.batch)
	case !(a.regRate >= 0) || math.IsInf(a.regRate, 0):
		return nil, fmt.Errorf("playground: regularisation rate %v, want a finite value ≥ 0", a.regRate)
	case !slices.Contains(activations, a.act):
		return nil, fmt.Errorf("playground: activation %v, want relu, tanh, sigmoid or linear", a.act)
	}
	if err := checkHidden(a.hidden); err != nil {
		return nil, err
	}
	// The sliders start where the config says, exactly: its value is one of their positions.
	a.scales.noise, a.scales.ratio = noiseScale.With(a.noise), ratioScale.With(a.ratio)
	a.scales.batch, a.scales.rate, a.scales.regRate = batchScale.With(float64(a.batch)), rateScale.With(a.rate), regRateScale.With(a.regRate)
	switch strings.ToUpper(c.Regularization) {
	case "", "NONE":
	case "L1":
		a.reg = 1
	case "L2":
		a.reg = 2
	default:
		return nil, fmt.Errorf("playground: regularization %q, want none, L1 or L2", c.Regularization)
	}
	a.features = make([]bool, len(featureNames))
	if c.Features == nil {
		c.Features = []string{"x1", "x2"}
	}
	for _, f := range c.Features {
		i := slices.Index(featureNames, f)
		if i < 0 {
			return nil, fmt.Errorf("playground: no feature %q (want %s)", f, strings.Join(featureNames, ", "))
		}
		a.features[i] = true
	}
	if !slices.Contains(a.features, true) {
		return nil, errors.New("playground: no features: a network needs at least one input")
	}
	if err := a.generate(); err != nil {
		return nil, err
	}
	for _, path := range c.CSV {
		d, err := loadCSV(path, false)
		if err != nil {
			return nil, err
		}
		a.data.add(namedData{filepath.Base(path), d})
	}
	if c.Data != "" {
		if a.cur = a.data.index(c.Data); a.cur < 0 {
			return nil, fmt.Errorf("playground: no dataset %q (want circle, xor, gauss, spiral, moons or a CSV's base name)", c.Data)
		}
	}
	if err := a.split(); err != nil {
		return nil, err
	}
	return a, a.reset()
}

// checkHidden returns an error unless the widths make a network the playground trains live.
func checkHidden(h []int) error {
	if len(h) > MaxLayers {
		return fmt.Errorf("playground: %d hidden layers; a playground trains up to %d", len(h), MaxLayers)
	}
	for i, w := range h {
		if w < 1 || w > MaxWidth {
			return fmt.Errorf("playground: hidden layer %d has %d units; want 1 to %d", i+1, w, MaxWidth)
		}
	}
	return nil
}

// generate (re)makes the built-in datasets at the current size and noise, scaled to about
// [−6, 6].
func (a *networkApp) generate() error {
	for i, b := range builtins {
		d, err := b.make(a.points, a.noise, a.dataSeed())
		if err != nil {
			return err
		}
		pts := make([][]float64, d.Len())
		for k := range pts {
			p := d.Point(k)
			pts[k] = []float64{b.scale * p[0], b.scale * p[1]}
		}
		d, err = dlkit.NewDataset(pts, d.Labels())
		if err != nil {
			return err
		}
		if i < len(a.data) {
			a.data[i] = namedData{b.name, d}
		} else {
			a.data = append(a.data, namedData{b.name, d})
		}
	}
	return nil
}

// split divides the current dataset into training and test points; on an error it keeps
// those it had.
func (a *networkApp) split() error {
	train, test, err := a.data[a.cur].d.Split(a.ratio, a.dataSeed())
	if err != nil {
		return err
	}
	a.train, a.test = train, test
	return nil
}

// dataSeed draws the generated points and the split: the config's seed at first, another
// after each Regenerate.
func (a *networkApp) dataSeed() uint64 { return a.seed + a.draws*0x9e3779b97f4a7c15 }

// config returns the network the controls describe.
func (a *networkApp) config() dlkit.MLPConfig {
	c := dlkit.MLPConfig{Features: 2, Hidden: slices.Clone(a.hidden), Activation: a.act, Classes: a.train.Classes(), Seed: a.seed + a.resets}
	for i, on := range a.features {
		switch {
		case i < 2 && !on:
			c.Omit = append(c.Omit, i)
		case i >= 2 && on:
			var x dlkit.Cross
			if err := x.UnmarshalText([]byte(featureNames[i])); err != nil {
				panic(err) // featureNames lists dlkit's crosses
			}
			c.Crosses = append(c.Crosses, x)
		}
	}
	return c
}

// reset draws a new network of the current shape (its weights from the seed and the number of
// resets so far) and starts training again at epoch 0.
func (a *networkApp) reset() error {
	net, err := dlkit.NewMLP(a.config())
	if err != nil {
		return err
	}
	if a.standardize {
		if err := net.Inputs.Standardize(a.train); err != nil {
			return err
		}
	}
	a.net, a.epoch, a.isPlaying, a.lastStepFailed = net, 0, false, false
	a.trainLoss, a.testLoss = nil, nil
	if a.selected.layer > len(a.hidden) || a.selected.layer >= 0 && a.selected.unit >= a.layerWidth(a.selected.layer) {
		a.selected = outputUnit
	}
	a.cache = frameCache{}
	return a.recordLoss()
}

// layerWidth returns the number of units of layer l: 0 the inputs, 1..L the hidden layers.
func (a *networkApp) layerWidth(l int) int {
	if l == 0 {
		return a.net.Inputs.Width()
	}
	return a.hidden[l-1]
}

// recordLoss appends the current losses on the training and test points to the curves.
func (a *networkApp) recordLoss() error {
	tr, err := dlkit.Evaluate(a.net, a.train)
	if err != nil {
		return err
	}
	te, err := dlkit.Evaluate(a.net, a.test)
	if err != nil {
		return err
	}
	a.trainLoss = append(a.trainLoss, tr.LogLoss)
	a.testLoss = append(a.testLoss, te.LogLoss)
	a.testAccuracy = te.Accuracy
	return nil
}

// step trains one epoch: one pass over the training points in shuffled batches, plain
// gradient descent on the cross-entropy (with the regularisation term). A step that diverges
// is undone, and stops play.
func (a *networkApp) step() error {
	before := a.net.Clone()
	c := dlkit.TrainConfig{
		Optimizer: dlkit.SGD{LearningRate: a.rate},
		Epochs:    1,
		BatchSize: a.batch,
		Seed:      a.seed<<20 + uint64(a.epoch), // a new shuffle each epoch, the same each run
	}
	switch a.reg {
	case 1:
		c.L1 = a.regRate
	case 2:
		c.L2 = a.regRate
	}
	if _, err := dlkit.Train(a.net, a.train, c); err != nil {
		a.net, a.isPlaying, a.lastStepFailed = before, false, true
		if errors.Is(err, dlkit.ErrDiverged) {
			return errDiverged
		}
		return err
	}
	a.epoch++
	a.lastStepFailed = false
	return a.recordLoss()
}

func (a *networkApp) playing() bool { return a.isPlaying }

// saveModel writes the network to the playground's model file, and its test points beside it
// (the file's name with -test.csv for .json), so that percept predict can measure it on the
// points it did not train on. It creates the directory.
func (a *networkApp) saveModel() error {
	if err := os.MkdirAll(filepath.Dir(a.save), 0o755); err != nil {
		return fmt.Errorf("playground: %w", err)
	}
	if err := a.net.Save(a.save); err != nil {
		return err
	}
	if err := a.test.SaveCSV(testPointsPath(a.save)); err != nil {
		return err
	}
	a.saved = fmt.Sprintf("%s at epoch %d", a.save, a.epoch)
	return nil
}

// testPointsPath is where Save writes the test points of the model saved at path.
func testPointsPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + "-test.csv"
}
