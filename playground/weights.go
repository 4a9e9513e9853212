package playground

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// WeightsConfig sets up the weight-choice playground (see Weights). The zero value is the
// article's four points with the choice w = (1, −1), b = 0.
type WeightsConfig struct {
	// Weights and Bias are the starting choice, each rounded to the nearest of the sliders'
	// positions (see Range and Step); nil Weights means (1, −1).
	Weights []float64
	Bias    float64
	// Range is how far the sliders go either way, in steps of Step: by default ±5 in steps
	// of 0.1.
	Range, Step float64
	// CSV names CSV files of your own (x1,x2,label with labels 0 and 1), offered after the
	// built-in datasets; the panel can load more.
	CSV []string
	// Data is the dataset to start with, by its name in the panel's list; "" means the
	// article's four points.
	Data string
	// Seed draws the generated datasets.
	Seed uint64
	Options
}

// weightChoice is one weight choice: a sigmoid unit σ(w1·x1 + w2·x2 + b).
type weightChoice struct{ w1, w2, b float64 }

func (w weightChoice) weights() []float64 { return []float64{w.w1, w.w2} }

func (w weightChoice) String() string { return plots.WeightsLabel(w.weights(), w.b) }

// weightsApp is the state of a weight-choice playground.
type weightsApp struct {
	scale  Scale
	data   datasets
	cur    int // the dataset shown
	choice weightChoice
	pins   []weightChoice // at most maxPins, oldest first
	err    error          // from building it
}

// maxPins is how many choices can be pinned beside the current one.
const maxPins = 4

// Weights returns the weight-choice playground, the article's comparison made live: sliders
// for a sigmoid unit's weights w1, w2 and bias b over a two-feature dataset, and for each
// choice its points, boundary and probabilities, its summed and mean cross-entropy and
// accuracy, and each point's error as a bar. Pin keeps a choice, so that up to four are
// compared side by side (click a pinned one to go back to it). Errors in the config (a CSV
// that does not load) are returned by Run and Frame.
func Weights(c WeightsConfig) *Playground {
	a, err := newWeightsApp(c)
	if err != nil {
		return &Playground{err: err}
	}
	return &Playground{app: a, opt: c.Options}
}

func newWeightsApp(c WeightsConfig) (*weightsApp, error) {
	if c.Range == 0 {
		c.Range = 5
	}
	if c.Step == 0 {
		c.Step = 0.1
	}
	if c.Weights == nil {
		c.Weights = []float64{1, -1}
	}
	if len(c.Weights) != 2 {
		return nil, fmt.Errorf("playground: %d starting weights, want 2 (w1, w2)", len(c.Weights))
	}
	if !(c.Range > 0 && c.Step > 0 && c.Range/c.Step <= 5000) {
		return nil, fmt.Errorf("playground: range ±%v in steps of %v: want a range > 0 and at most 10,000 steps", c.Range, c.Step)
	}
	a := &weightsApp{scale: Linear(-c.Range, c.Range, c.Step)}
	sep, err := dlkit.Separable(60, c.Seed)
	if err != nil {
		return nil, err
	}
	xor, err := dlkit.XOR(60, 0.05, c.Seed)
	if err != nil {
		return nil, err
	}
	circles, err := dlkit.Circles(60, 0.05, c.Seed)
	if err != nil {
		return nil, err
	}
	a.data = datasets{{"the article's four points", dlkit.TutorialData()}, {"separable blobs", sep}, {"XOR", xor}, {"circles", circles}}
	for _, path := range c.CSV {
		d, err := loadCSV(path, true)
		if err != nil {
			return nil, err
		}
		a.data.add(namedData{filepath.Base(path), d})
	}
	if c.Data != "" {
		if a.cur = a.data.index(c.Data); a.cur < 0 {
			return nil, fmt.Errorf("playground: no dataset %q (want one of %s)", c.Data, a.data.quoted())
		}
	}
	a.choice = weightChoice{a.scale.At(a.scale.Nearest(c.Weights[0])), a.scale.At(a.scale.Nearest(c.Weights[1])), a.scale.At(a.scale.Nearest(c.Bias))}
	return a, nil
}

func (a *weightsApp) controls() []control {
	return []control{
		{kind: choice, name: "data", label: "data", values: a.data.names(), index: a.cur, group: "Data"},
		{kind: textbox, name: "csv", label: "or a CSV file", text: "", title: "x1,x2,label with labels 0 and 1, relative to the notebook; press Enter", group: "Data"},
		sliderOf("w1", "w1", a.scale, a.choice.w1).in("Choice"),
		sliderOf("w2", "w2", a.scale, a.choice.w2).in("Choice"),
		sliderOf("b", "b", a.scale, a.choice.b).in("Choice"),
		{kind: button, name: "pin", label: "Pin", text: "1", title: "keep this choice, to compare (up to 4)", group: "Choice"},
		{kind: button, name: "unpin", label: "Clear pins", text: "1", group: "Choice"},
		{kind: button, name: "stop", label: "Stop", text: "1", title: "end the playground; the cells after it run", group: "Choice"},
	}
}

// weightsScore is how a choice does on the data.
type weightsScore struct {
	sum, mean, accuracy float64
	each                []float64 // each point's cross-entropy
}

func (a *weightsApp) score(w weightChoice) (weightsScore, error) {
	d := a.data[a.cur].d
	sum, err := dlkit.SumCrossEntropy(d, w.weights(), w.b)
	if err != nil {
		return weightsScore{}, err
	}
	s := weightsScore{sum: sum, mean: sum / float64(d.Len()), each: make([]float64, d.Len())}
	right := 0
	for i := range d.Len() {
		x := d.Point(i)
		z := w.w1*x[0] + w.w2*x[1] + w.b
		s.each[i] = dlkit.CrossEntropyLogit(d.Label(i), z)
		if (z > 0) == (d.Label(i) == 1) {
			right++
		}
	}
	s.accuracy = float64(right) / float64(d.Len())
	return s, nil
}

func (a *weightsApp) status() []statusItem {
	s, err := a.score(a.choice)
	if err != nil {
		return []statusItem{{"choice", "", err.Error()}}
	}
	return []statusItem{
		{"choice", "", a.choice.String()},
		{"sum", "summed cross-entropy", strconv.FormatFloat(s.sum, 'g', -1, 64)},
		{"mean", "mean", decimals(s.mean, 4)},
		{"accuracy", "accuracy", strconv.FormatFloat(100*s.accuracy, 'f', 1, 64) + "%"},
		{"pins", "pinned", strconv.Itoa(len(a.pins))},
	}
}

func (a *weightsApp) handle(m message) (update, error) {
	var u update
	switch m.C {
	case "w1", "w2", "b":
		v, err := a.scale.position(m.C, m.V)
		if err != nil {
			return u, err
		}
		switch m.C {
		case "w1":
			a.choice.w1 = v
		case "w2":
			a.choice.w2 = v
		default:
			a.choice.b = v
		}
	case "data":
		i, err := strconv.Atoi(m.V)
		if err != nil || i < 0 || i >= len(a.data) {
			return u, fmt.Errorf("playground: no dataset %q", m.V)
		}
		a.cur = i
	case "csv":
		path := strings.TrimSpace(m.V)
		if path == "" {
			return u, nil
		}
		d, err := loadCSV(path, true)
		if err != nil {
			return u, err
		}
		a.cur = a.data.add(namedData{filepath.Base(path), d})
		u.Options = map[string][]string{"data": a.data.names()}
		u.Values = map[string]string{"data": strconv.Itoa(a.cur), "csv": ""}
	case "pin":
		if len(a.pins) == maxPins {
			a.pins = a.pins[1:]
		}
		a.pins = append(a.pins, a.choice)
	case "unpin":
		a.pins = nil
	case "click":
		if k, ok := a.pinAt(m.V); ok {
			a.choice = a.pins[k]
			u.Values = a.sliderValues()
		}
	default:
		return u, fmt.Errorf("playground: no control %q", m.C)
	}
	return u, nil
}

// sliderValues returns the sliders' positions for the current choice.
func (a *weightsApp) sliderValues() map[string]string {
	return map[string]string{
		"w1": strconv.Itoa(a.scale.Nearest(a.choice.w1)),
		"w2": strconv.Itoa(a.scale.Nearest(a.choice.w2)),
		"b":  strconv.Itoa(a.scale.Nearest(a.choice.b)),
	}
}

func (a *weightsApp) playing() bool { return false }
func (a *weightsApp) step() error   { return nil }

func (a *weightsApp) summary() string {
	s, err := a.score(a.choice)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("Last choice %s on %s: summed cross-entropy %s, accuracy %.1f%%.", a.choice, a.data[a.cur].name,
		strconv.FormatFloat(s.sum, 'g', -1, 64), 100*s.accuracy)
}
