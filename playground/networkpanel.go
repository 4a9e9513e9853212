package playground

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// The network playground's panel: its controls and status, and what each of its messages does
// to the state.

func (a *networkApp) controls() []control {
	var feats []control
	for i, n := range featureNames {
		on := 0
		if a.features[i] {
			on = 1
		}
		feats = append(feats, control{kind: toggle, name: "f:" + n, label: featureLabels[i], index: on, group: "Features"})
	}
	actNames := make([]string, len(activations))
	for i, f := range activations {
		actNames[i] = f.String()
	}
	onOff := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	cs := []control{
		{kind: choice, name: "data", label: "data", values: a.data.names(), index: a.cur, group: "Data"},
		{kind: textbox, name: "csv", label: "or a CSV file", title: "x1,x2,label, relative to the notebook; press Enter", group: "Data"},
		sliderOf("noise", "noise", a.scales.noise, a.noise).in("Data"),
		sliderOf("ratio", "training share", a.scales.ratio, a.ratio).in("Data"),
		{kind: toggle, name: "showTest", label: "show test points", index: onOff(a.showTest), group: "Data"},
		{kind: button, name: "regenerate", label: "Regenerate", text: "1", title: "draw new points and a new split of training and test points; epoch 0", group: "Data"},
	}
	cs = append(cs, feats...)
	cs = append(cs,
		control{kind: toggle, name: "standardize", label: "standardise", index: onOff(a.standardize), group: "Features",
			title: "scale each input to mean 0, sd 1 over the training points"},
		control{kind: textbox, name: "hidden", label: "hidden layers", text: widths(a.hidden), group: "Network",
			title: fmt.Sprintf("units per layer, such as 8,8 (up to %d layers of %d; empty for none); press Enter", MaxLayers, MaxWidth)},
		control{kind: choice, name: "act", label: "activation", values: actNames, index: slices.Index(activations, a.act), group: "Network"},
		control{kind: choice, name: "show", label: "big map", values: a.unitNames(), index: a.unitIndex(a.selected), group: "Network",
			title: "what the big map shows; or click a unit in the picture"},
		control{kind: toggle, name: "discretize", label: "discretise output", index: onOff(a.discretize), group: "Network"},
		sliderOf("rate", "learning rate", a.scales.rate, a.rate).in("Training"),
		control{kind: choice, name: "reg", label: "regularisation", values: regularizers, index: a.reg, group: "Training"},
		sliderOf("regRate", "rate", a.scales.regRate, a.regRate).in("Training"),
		sliderOf("batch", "batch size", a.scales.batch, float64(a.batch)).in("Training"),
		control{kind: button, name: "play", label: "Play", text: "1", group: ""},
		control{kind: button, name: "step", label: "Step", text: "1", title: "train one epoch", group: ""},
		control{kind: button, name: "reset", label: "Reset", text: "1", title: "new weights, epoch 0", group: ""},
		control{kind: button, name: "save", label: "Save", text: "1", title: "write the network to " + a.save, group: ""},
		control{kind: button, name: "stop", label: "Stop", text: "1", title: "end the playground; the cells after it run", group: ""},
	)
	return cs
}

// widths writes layer widths as the panel shows them: "4,2".
func widths(h []int) string {
	s := make([]string, len(h))
	for i, w := range h {
		s[i] = strconv.Itoa(w)
	}
	return strings.Join(s, ",")
}

// parseWidths reads "8, 8" (or "" for no hidden layer).
func parseWidths(s string) ([]int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return []int{}, nil
	}
	var h []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		w, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("playground: hidden layers %q: %q is not a number of units (write them like 8,8)", s, f)
		}
		h = append(h, w)
	}
	return h, checkHidden(h)
}

// unitNames lists the units the big map can show: the output, then every hidden unit, then
// the inputs.
func (a *networkApp) unitNames() []string {
	names := []string{"output"}
	for l, w := range a.hidden {
		for u := range w {
			names = append(names, fmt.Sprintf("layer %d, unit %d", l+1, u+1))
		}
	}
	for _, f := range a.inputLabels() {
		names = append(names, "input "+f)
	}
	return names
}

// units lists the units in unitNames' order.
func (a *networkApp) units() []unitRef {
	refs := []unitRef{outputUnit}
	for l, w := range a.hidden {
		for u := range w {
			refs = append(refs, unitRef{l + 1, u})
		}
	}
	for u := range a.net.Inputs.Width() {
		refs = append(refs, unitRef{0, u})
	}
	return refs
}

func (a *networkApp) unitIndex(r unitRef) int { return max(0, slices.Index(a.units(), r)) }

// inputLabels names the network's inputs, in order: the kept raw features, then the crosses.
func (a *networkApp) inputLabels() []string {
	var out []string
	for i := range 2 {
		if a.features[i] {
			out = append(out, featureLabels[i])
		}
	}
	for i := 2; i < len(featureNames); i++ {
		if a.features[i] {
			out = append(out, featureLabels[i])
		}
	}
	return out
}

func (a *networkApp) status() []statusItem {
	items := []statusItem{
		{"epoch", "epoch", strconv.Itoa(a.epoch)},
		{"testLoss", "test loss", decimals(a.testLoss[len(a.testLoss)-1], 4)},
		{"trainLoss", "training loss", decimals(a.trainLoss[len(a.trainLoss)-1], 4)},
		{"testAccuracy", "test accuracy", strconv.FormatFloat(100*a.testAccuracy, 'f', 1, 64) + "%"},
		{"shape", "network", shapeName(a.net)},
		{"map", "big map", a.unitTitle(a.selected)},
	}
	saved := a.saved
	if saved == "" {
		saved = "not yet"
	}
	return append(items, statusItem{"saved", "saved", saved})
}

// shapeName writes a network's shape as "2-4-2-1".
func shapeName(m *dlkit.MLP) string {
	s := make([]string, 0, len(m.Hidden)+2)
	for _, w := range m.Shape() {
		s = append(s, strconv.Itoa(w))
	}
	return strings.Join(s, "-")
}

func (a *networkApp) handle(m message) (update, error) {
	var u update
	index := func(s Scale) (float64, error) { return s.position(m.C, m.V) }
	choose := func(n int) (int, error) {
		i, err := strconv.Atoi(m.V)
		if err != nil || i < 0 || i >= n {
			return 0, fmt.Errorf("playground: %s has no option %q", m.C, m.V)
		}
		return i, nil
	}
	on := m.V == "1"
	var err error
	switch name := m.C; {
	case name == "play":
		if a.lastStepFailed && on {
			return u, errDiverged
		}
		a.isPlaying = on
	case name == "step":
		a.isPlaying = false
		err = a.step()
	case name == "reset":
		err = a.reset()
	case name == "save":
		err = a.saveModel()
	case name == "regenerate":
		a.draws++
		if err = a.generate(); err == nil {
			err = a.useData(a.cur)
		}
	case name == "data":
		var i int
		if i, err = choose(len(a.data)); err == nil {
			err = a.useData(i)
		}
		u.Values = map[string]string{"data": strconv.Itoa(a.cur)} // back where it was, on an error
	case name == "csv":
		path := strings.TrimSpace(m.V)
		if path == "" {
			return u, nil
		}
		var d *dlkit.Dataset
		if d, err = loadCSV(path, false); err == nil {
			err = a.useData(a.data.add(namedData{filepath.Base(path), d}))
			u.Options = map[string][]string{"data": a.data.names()}
			u.Values = map[string]string{"data": strconv.Itoa(a.cur)}
			if err == nil {
				u.Values["csv"] = ""
			}
		}
	case name == "noise":
		if a.noise, err = index(a.scales.noise); err == nil {
			if err = a.generate(); err == nil {
				err = a.useData(a.cur)
			}
		}
	case name == "ratio":
		if a.ratio, err = index(a.scales.ratio); err == nil {
			err = a.useData(a.cur)
		}
	case name == "showTest":
		a.showTest = on
	case name == "discretize":
		a.discretize = on
	case strings.HasPrefix(name, "f:"):
		i := slices.Index(featureNames, strings.TrimPrefix(name, "f:"))
		if i < 0 {
			return u, fmt.Errorf("playground: no feature %q", name)
		}
		a.features[i] = on
		if !slices.Contains(a.features, true) {
			a.features[i] = true
			u.Values = map[string]string{name: "1"}
			return u, errors.New("playground: a network needs at least one input feature")
		}
		err = a.reshape(&u)
	case name == "standardize":
		a.standardize = on
		err = a.reset()
	case name == "hidden":
		var h []int
		if h, err = parseWidths(m.V); err != nil {
			u.Values = map[string]string{"hidden": widths(a.hidden)}
			return u, err
		}
		a.hidden = h
		err = a.reshape(&u)
		u.Values["hidden"] = widths(a.hidden)
	case name == "act":
		var i int
		if i, err = choose(len(activations)); err == nil {
			a.act = activations[i]
			err = a.reset()
		}
	case name == "show":
		var i int
		if i, err = choose(len(a.units())); err == nil {
			a.selected = a.units()[i]
		}
	case name == "click":
		if r, ok := a.unitAt(m.V); ok {
			a.selected = r
			u.Values = map[string]string{"show": strconv.Itoa(a.unitIndex(r))}
		}
	case name == "rate":
		a.rate, err = index(a.scales.rate)
	case name == "reg":
		a.reg, err = choose(len(regularizers))
	case name == "regRate":
		a.regRate, err = index(a.scales.regRate)
	case name == "batch":
		var b float64
		if b, err = index(a.scales.batch); err == nil {
			a.batch = int(b)
		}
	default:
		return u, fmt.Errorf("playground: no control %q", name)
	}
	return u, err
}

// useData makes dataset i the current one, splits it afresh and starts again: the network's
// outputs may change with the number of classes. On an error it keeps the dataset, split and
// network it had, so that the playground stays whole.
func (a *networkApp) useData(i int) error {
	cur, train, test := a.cur, a.train, a.test
	a.cur = i
	err := a.split()
	if err == nil {
		err = a.reset()
	}
	if err != nil {
		a.cur, a.train, a.test = cur, train, test
	}
	return err
}

// reshape starts again with a network of the new shape, and tells the panel its units.
func (a *networkApp) reshape(u *update) error {
	if err := a.reset(); err != nil {
		return err
	}
	if u.Options == nil {
		u.Options = map[string][]string{}
	}
	u.Options["show"] = a.unitNames()
	if u.Values == nil {
		u.Values = map[string]string{}
	}
	u.Values["show"] = strconv.Itoa(a.unitIndex(a.selected))
	return nil
}

func (a *networkApp) summary() string {
	return fmt.Sprintf("Epoch %d of a %s network on %s: test loss %s, training loss %s, test accuracy %.1f%%.",
		a.epoch, shapeName(a.net), a.data[a.cur].name, decimals(a.testLoss[len(a.testLoss)-1], 4), decimals(a.trainLoss[len(a.trainLoss)-1], 4), 100*a.testAccuracy)
}
