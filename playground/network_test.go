package playground

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/gonum/mat"
)

// msg is a message from the panel, as handle receives it.
func msg(c, v string) message { return message{C: c, V: v} }

func newNet(t *testing.T, c NetworkConfig) *networkApp {
	t.Helper()
	a, err := newNetworkApp(c)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustHandle(t *testing.T, a app, c, v string) update {
	t.Helper()
	u, err := a.handle(msg(c, v))
	if err != nil {
		t.Fatalf("%s = %q: %v", c, v, err)
	}
	return u
}

func statusOf(a app, name string) string { return statusMap(a.status())[name] }

// The network playground is a state machine driven by the panel: Play and Pause, Step, Reset;
// a change of data, features or shape starts again at epoch 0, one of the learning rate,
// regularisation or batch size goes on training.
func TestNetworkStates(t *testing.T) {
	a := newNet(t, NetworkConfig{})
	if a.epoch != 0 || shapeName(a.net) != "2-4-2-1" || a.train.Len() != 250 || a.test.Len() != 250 || a.playing() {
		t.Fatalf("start: epoch %d, %s, %d/%d points, playing %v", a.epoch, shapeName(a.net), a.train.Len(), a.test.Len(), a.playing())
	}
	if l := a.testLoss[0]; math.Abs(l-math.Ln2) > 0.1 {
		t.Errorf("the untrained network's test loss is %v, want about ln 2", l)
	}
	mustHandle(t, a, "play", "1")
	if !a.playing() {
		t.Error("Play did not play")
	}
	for range 30 {
		if err := a.step(); err != nil {
			t.Fatal(err)
		}
	}
	mustHandle(t, a, "play", "0")
	if a.playing() || a.epoch != 30 || len(a.testLoss) != 31 {
		t.Errorf("after 30 epochs and Pause: playing %v, epoch %d, %d losses", a.playing(), a.epoch, len(a.testLoss))
	}
	if !(a.testLoss[30] < a.testLoss[0]) {
		t.Errorf("30 epochs did not lower the test loss: %v to %v", a.testLoss[0], a.testLoss[30])
	}
	mustHandle(t, a, "play", "1")
	mustHandle(t, a, "step", "1") // Step pauses, and trains one epoch
	if a.playing() || a.epoch != 31 || statusOf(a, "epoch") != "31" {
		t.Errorf("after Step: playing %v, epoch %d, status %q", a.playing(), a.epoch, statusOf(a, "epoch"))
	}

	// The learning rate, regularisation and batch size change the training, not the epoch.
	w := mat.DenseCopyOf(a.net.Hidden[0].W)
	for _, c := range [][2]string{{"rate", "8"}, {"reg", "2"}, {"regRate", "2"}, {"batch", "4"}} {
		mustHandle(t, a, c[0], c[1])
	}
	if a.rate != 0.1 || a.reg != 2 || a.regRate != 0.003 || a.batch != 5 || a.epoch != 31 || !mat.Equal(w, a.net.Hidden[0].W) {
		t.Errorf("rate %v, regularisation %d at %v, batch %d, epoch %d (want 0.1, 2 at 0.003, 5, 31, the same weights)", a.rate, a.reg, a.regRate, a.batch, a.epoch)
	}
	if s := a.regName(); s != "L2 0.003" {
		t.Errorf("regularisation named %q", s)
	}

	// Reset draws new weights, each time others, the same in every run.
	mustHandle(t, a, "reset", "1")
	if a.epoch != 0 || len(a.testLoss) != 1 || mat.Equal(w, a.net.Hidden[0].W) {
		t.Errorf("after Reset: epoch %d, %d losses, weights the same: %v", a.epoch, len(a.testLoss), mat.Equal(w, a.net.Hidden[0].W))
	}
	b := newNet(t, NetworkConfig{})
	mustHandle(t, b, "reset", "1")
	if !mat.Equal(a.net.Hidden[0].W, b.net.Hidden[0].W) {
		t.Error("two playgrounds reset once have different weights")
	}

	// Data: a change regenerates or resplits, and starts again.
	for range 3 {
		a.step()
	}
	mustHandle(t, a, "data", "3") // spiral
	if a.data[a.cur].name != "spiral" || a.epoch != 0 {
		t.Errorf("data 3: %q at epoch %d, want spiral at 0", a.data[a.cur].name, a.epoch)
	}
	p0 := slices.Clone(a.data[a.cur].d.Point(0))
	mustHandle(t, a, "noise", "4") // 0.2
	if a.noise != 0.2 || slices.Equal(p0, a.data[a.cur].d.Point(0)) {
		t.Errorf("noise 0.2: noise %v, first point %v then %v", a.noise, p0, a.data[a.cur].d.Point(0))
	}
	mustHandle(t, a, "ratio", "7") // 0.8
	if a.train.Len() != 400 || a.test.Len() != 100 {
		t.Errorf("training share 0.8: %d and %d points", a.train.Len(), a.test.Len())
	}
	// Regenerate draws new points and a new split, as many, and starts again; a second
	// playground pressing it too gets the same ones.
	for range 3 {
		a.step()
	}
	p1, train1 := slices.Clone(a.data[a.cur].d.Point(0)), slices.Clone(a.train.Point(0))
	mustHandle(t, a, "regenerate", "1")
	if a.epoch != 0 || a.train.Len() != 400 || slices.Equal(p1, a.data[a.cur].d.Point(0)) || slices.Equal(train1, a.train.Point(0)) {
		t.Errorf("after Regenerate: epoch %d, %d training points, first point %v then %v", a.epoch, a.train.Len(), p1, a.data[a.cur].d.Point(0))
	}
	c := newNet(t, NetworkConfig{Data: "spiral", Noise: 0.2, TrainFraction: 0.8})
	mustHandle(t, c, "regenerate", "1")
	if !mat.Equal(c.train.X(), a.train.X()) {
		t.Error("two playgrounds that regenerate once have different points")
	}

	// Features, shape, activation.
	mustHandle(t, a, "f:x1", "0")
	mustHandle(t, a, "f:sin(x1)", "1")
	mustHandle(t, a, "f:x1*x2", "1")
	if got := a.net.Inputs; !slices.Equal(got.Omit, []int{0}) || !slices.Equal(got.Crosses, []dlkit.Cross{dlkit.X1X2, dlkit.SinX1}) {
		t.Errorf("inputs x2, x1·x2, sin x1: %+v", got)
	}
	if got := a.inputLabels(); !slices.Equal(got, []string{"x2", "x1·x2", "sin x1"}) {
		t.Errorf("input labels %q", got)
	}
	u := mustHandle(t, a, "hidden", " 8, 6,4 ")
	if shapeName(a.net) != "3-8-6-4-1" || u.Values["hidden"] != "8,6,4" || len(u.Options["show"]) != 1+8+6+4+3 {
		t.Errorf("hidden 8, 6, 4: %s, panel told %v and %d units", shapeName(a.net), u.Values, len(u.Options["show"]))
	}
	mustHandle(t, a, "act", "3")
	if a.net.Hidden[2].Activation != dlkit.Linear {
		t.Errorf("activation 3 gives %v, want linear", a.net.Hidden[2].Activation)
	}
	if _, err := a.frame(); err != nil {
		t.Fatal(err)
	}
	mustHandle(t, a, "act", "0")
	if a.net.Hidden[2].Activation != dlkit.ReLU {
		t.Errorf("activation 0 gives %v, want relu", a.net.Hidden[2].Activation)
	}
	mustHandle(t, a, "standardize", "1")
	if a.net.Inputs.Mean == nil {
		t.Error("standardise: no means")
	}
	mustHandle(t, a, "hidden", "")
	if shapeName(a.net) != "3-1" {
		t.Errorf("no hidden layers: %s", shapeName(a.net))
	}

	// What the panel sends that is wrong is an error, and changes nothing.
	for _, test := range []struct{ c, v, says string }{
		{"hidden", "8,x", `"x" is not a number of units`},
		{"hidden", "0", "hidden layer 1 has 0 units; want 1 to 64"},
		{"hidden", "65", "want 1 to 64"},
		{"hidden", strings.Repeat("2,", 13) + "2", "14 hidden layers; a playground trains up to 12"},
		{"data", "99", `data has no option "99"`},
		{"act", "-1", "no option"},
		{"rate", "fast", `slider rate sent "fast", not a position (0 to 12)`},
		{"csv", "no/such.csv", "no such file"},
		{"f:x3", "1", `no feature "f:x3"`},
		{"nonsense", "1", `no control "nonsense"`},
	} {
		before := shapeName(a.net)
		if _, err := a.handle(msg(test.c, test.v)); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%s = %q: error %v, want one saying %q", test.c, test.v, err, test.says)
		}
		if shapeName(a.net) != before {
			t.Errorf("%s = %q changed the network to %s", test.c, test.v, shapeName(a.net))
		}
	}
	for _, f := range []string{"x2", "x1*x2"} {
		mustHandle(t, a, "f:"+f, "0")
	}
	if _, err := a.handle(msg("f:sin(x1)", "0")); err == nil || !a.features[5] {
		t.Errorf("turning the last feature off: error %v, feature on %v", err, a.features[5])
	}
}

// A step that diverges is undone, and Play stays off until something changes.
func TestNetworkDiverges(t *testing.T) {
	a := newNet(t, NetworkConfig{Hidden: []int{8}, Activation: dlkit.ReLU})
	a.rate = 1e300
	mustHandle(t, a, "play", "1")
	w := mat.DenseCopyOf(a.net.Hidden[0].W)
	err := a.step()
	if err != errDiverged || a.playing() || a.epoch != 0 || !mat.Equal(w, a.net.Hidden[0].W) {
		t.Fatalf("a diverging step: error %v, playing %v, epoch %d, weights kept %v", err, a.playing(), a.epoch, mat.Equal(w, a.net.Hidden[0].W))
	}
	if _, err := a.handle(msg("play", "1")); err != errDiverged || a.playing() {
		t.Errorf("Play after divergence: %v, playing %v", err, a.playing())
	}
	mustHandle(t, a, "rate", "7")
	mustHandle(t, a, "reset", "1")
	mustHandle(t, a, "play", "1")
	if !a.playing() {
		t.Error("Play after Reset does not play")
	}
}

func TestNetworkConfigErrors(t *testing.T) {
	for i, test := range []struct {
		c    NetworkConfig
		says string
	}{
		{NetworkConfig{Points: 5}, "5 points, want 10 to 5000"},
		{NetworkConfig{Noise: 0.7}, "noise 0.7"},
		{NetworkConfig{TrainFraction: 1}, "training fraction 1"},
		{NetworkConfig{LearningRate: -1}, "learning rate -1"},
		{NetworkConfig{BatchSize: -2}, "batch size -2"},
		{NetworkConfig{Activation: dlkit.Step}, "activation step"},
		{NetworkConfig{Hidden: []int{100}}, "100 units"},
		{NetworkConfig{Regularization: "L3"}, `regularization "L3"`},
		{NetworkConfig{Features: []string{"x3"}}, `no feature "x3"`},
		{NetworkConfig{Features: []string{}}, "no features"},
		{NetworkConfig{Data: "moon"}, `no dataset "moon"`},
		{NetworkConfig{CSV: []string{"missing.csv"}}, "missing.csv"},
	} {
		if _, err := Network(test.c).Frame(); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
		if err := Network(test.c).Run(); err == nil {
			t.Errorf("%d: Run gives no error", i)
		}
	}
}

// A click on a unit shows its map large; the hotspots the panel gets are where they are drawn.
func TestNetworkUnits(t *testing.T) {
	a := newNet(t, NetworkConfig{Features: []string{"x1", "x2", "x1^2"}, Hidden: []int{3, 2}})
	spots := a.hotspots()
	if len(spots) != 3+3+2+1+1 {
		t.Fatalf("%d hotspots, want 10 (3 inputs, 5 hidden units, the output unit, the big map)", len(spots))
	}
	for _, h := range spots {
		u := mustHandle(t, a, "click", fmt.Sprintf("%d,%d", h.X+h.W/2, h.Y+h.H/2))
		if got := a.unitTitle(a.selected); got != h.Name {
			t.Errorf("a click on %q selects %q", h.Name, got)
		}
		if names := a.unitNames(); names[atoi(u.Values["show"])] != h.Name {
			t.Errorf("a click on %q moves the panel's choice to %q", h.Name, names[atoi(u.Values["show"])])
		}
	}
	mustHandle(t, a, "show", "3") // the output, then layer 1's units
	if a.selected != (unitRef{1, 2}) || statusOf(a, "map") != "layer 1, unit 3" {
		t.Errorf("show 4 selects %+v (%q)", a.selected, statusOf(a, "map"))
	}
	mustHandle(t, a, "click", "1,1") // nothing there
	if a.selected != (unitRef{1, 2}) {
		t.Error("a click on nothing changed the selection")
	}
	mustHandle(t, a, "hidden", "2")
	if a.selected != outputUnit {
		t.Errorf("the selected unit went with its layer, but %+v is still selected", a.selected)
	}
}

func atoi(s string) int {
	i, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return i
}

// Save writes a model file and the test points; dlkit reads the model back to predict exactly
// as the playground's network does, and percept predict measures it on the test points with the
// accuracy the playground shows.
func TestNetworkSave(t *testing.T) {
	dir := t.TempDir()
	// Linear hidden units: x1·x2 alone tells XOR's classes apart.
	a := newNet(t, NetworkConfig{Data: "xor", Features: []string{"x1", "x1*x2"}, Hidden: []int{3}, Activation: dlkit.Linear, Save: filepath.Join(dir, "sub", "xor.json")})
	for range 20 {
		if err := a.step(); err != nil {
			t.Fatal(err)
		}
	}
	mustHandle(t, a, "save", "1")
	if got, want := statusOf(a, "saved"), filepath.Join(dir, "sub", "xor.json")+" at epoch 20"; got != want {
		t.Errorf("status saved %q, want %q", got, want)
	}
	back, err := dlkit.LoadMLP(a.save)
	if err != nil {
		t.Fatal(err)
	}
	if back.Hidden[0].Activation != dlkit.Linear {
		t.Errorf("the saved network's activation is %v, want linear", back.Hidden[0].Activation)
	}
	test, err := dlkit.LoadCSV(filepath.Join(dir, "sub", "xor-test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if test.Len() != a.test.Len() || !mat.Equal(test.X(), a.test.X()) {
		t.Fatal("the saved test points are not the playground's")
	}
	want, _ := a.net.ProbaBatch(test.X())
	got, err := back.ProbaBatch(test.X())
	if err != nil || !mat.Equal(got, want) {
		t.Fatalf("the saved network predicts otherwise (%v)", err)
	}

	percept := filepath.Join(dir, "percept")
	if out, err := exec.Command("go", "build", "-o", percept, "../cmd/percept").CombinedOutput(); err != nil {
		t.Fatalf("go build ../cmd/percept: %v\n%s", err, out)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(percept, "predict", "-model", a.save, "-data", filepath.Join(dir, "sub", "xor-test.csv"))
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("percept predict: %v\n%s", err, stderr.String())
	}
	m := regexp.MustCompile(`accuracy (\d\.\d+) \((\d+) of (\d+) points\)`).FindStringSubmatch(stderr.String())
	if m == nil || m[3] != strconv.Itoa(a.test.Len()) {
		t.Fatalf("percept predict says %q", stderr.String())
	}
	if shown := fmt.Sprintf("%.1f%%", 100*mustParse(m[1])); shown != statusOf(a, "testAccuracy") {
		t.Errorf("percept predict finds %s on the test points, the playground shows %s", shown, statusOf(a, "testAccuracy"))
	}
	if n := strings.Count(stdout.String(), "\n"); n != a.test.Len() {
		t.Errorf("percept predict printed %d lines for %d points", n, a.test.Len())
	}

	a.save = filepath.Join(dir, "file", "x.json")
	if err := os.WriteFile(filepath.Join(dir, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.handle(msg("save", "1")); err == nil {
		t.Error("saving under a file: no error")
	}
}

func mustParse(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

// A CSV file of the panel's joins the datasets, and a frame of three classes draws.
func TestNetworkCSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "three.csv")
	var b strings.Builder
	b.WriteString("x1,x2,label\n")
	d, _ := dlkit.Blobs(90, 3, 0.3, 1)
	for i := range d.Len() {
		fmt.Fprintf(&b, "%v,%v,%v\n", d.Point(i)[0], d.Point(i)[1], d.Label(i))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	a := newNet(t, NetworkConfig{})
	u := mustHandle(t, a, "csv", path)
	if a.data[a.cur].name != "three.csv" || a.net.Classes != 3 || shapeName(a.net) != "2-4-2-3" || u.Values["data"] != strconv.Itoa(len(builtins)) {
		t.Fatalf("after loading: %q, %d classes, %s, panel told %v", a.data[a.cur].name, a.net.Classes, shapeName(a.net), u.Values)
	}
	if got := u.Options["data"]; len(got) != len(builtins)+1 || got[len(builtins)] != "three.csv" {
		t.Errorf("the panel's list of datasets: %q", got)
	}
	for range 5 {
		if err := a.step(); err != nil {
			t.Fatal(err)
		}
	}
	if len(a.hotspots()) != 2+4+2+3+1 {
		t.Errorf("%d hotspots, want one per unit, three outputs, and the big map", len(a.hotspots()))
	}
	if _, err := a.frame(); err != nil {
		t.Fatal(err)
	}
}

// A CSV file the network playground cannot use gives an error that names it and says why, and
// leaves the playground as it was: its dataset, points and network, and a frame that draws.
func TestNetworkBadCSV(t *testing.T) {
	dir := t.TempDir()
	var many strings.Builder
	for i := range maxCSVPoints + 1 {
		fmt.Fprintf(&many, "%d,1,%d\n", i, i%2)
	}
	for _, test := range []struct{ name, text, says string }{
		{"one.csv", "1,2,1\n", "one.csv has 1 point; a playground splits its points into training and test points, and needs at least 2"},
		{"classes.csv", "1,2,0\n2,1,10\n", "classes.csv has 11 classes (labels 0 to 10); a playground draws up to 10"},
		{"huge.csv", "x1,x2,label\n1,2,0\n1e308,-1e308,1\n", "huge.csv: point 2 has x1 = 1e+308; a playground draws values within ±1e+15"},
		{"many.csv", many.String(), fmt.Sprintf("many.csv has %d points; a playground draws and trains live on up to %d", maxCSVPoints+1, maxCSVPoints)},
		{"three.csv", "1,2,3,0\n", "three.csv has 3 features"},
		{"text.csv", "1,2,0\n1,a,1\n", `text.csv: line 2, column 2 (x2): "a" is not a number`},
		{"none.csv", "", "none.csv has no data rows"},
	} {
		path := filepath.Join(dir, test.name)
		if err := os.WriteFile(path, []byte(test.text), 0o644); err != nil {
			t.Fatal(err)
		}
		a := newNet(t, NetworkConfig{Data: "xor"})
		net, train := a.net, a.train
		_, err := a.handle(msg("csv", path))
		if err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%s: error %v, want one saying %q", test.name, err, test.says)
		}
		if a.data[a.cur].name != "xor" || a.net != net || a.train != train || len(a.data) != len(builtins) {
			t.Errorf("%s: after the error the playground shows %q (%d datasets), another network or other points", test.name, a.data[a.cur].name, len(a.data))
		}
		if _, err := a.frame(); err != nil {
			t.Errorf("%s: after the error the frame fails: %v", test.name, err)
		}
		if _, err := Network(NetworkConfig{CSV: []string{path}}).Frame(); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%s in the config: error %v, want one saying %q", test.name, err, test.says)
		}
	}
}

// A config's learning rate, batch size and other slider values between or beyond the sliders'
// positions start the sliders there, exactly, and show as they are.
func TestNetworkConfigOffScale(t *testing.T) {
	a := newNet(t, NetworkConfig{LearningRate: 0.02, BatchSize: 100, Noise: 0.07, TrainFraction: 0.75, RegularizationRate: 0.002})
	want := map[string]string{"rate": "0.02", "batch": "100", "noise": "0.07", "ratio": "0.75", "regRate": "0.002"}
	for _, c := range a.controls() {
		if w, ok := want[c.name]; ok {
			if got := c.values[c.index]; got != w {
				t.Errorf("slider %s starts at %q, want %q", c.name, got, w)
			}
			delete(want, c.name)
		}
	}
	if len(want) != 0 {
		t.Errorf("no sliders %v", want)
	}
	if a.rate != 0.02 || a.batch != 100 {
		t.Errorf("rate %v, batch %d", a.rate, a.batch)
	}
	// A learning rate far too large gives losses too long for 4 decimals: they show short.
	b := newNet(t, NetworkConfig{LearningRate: 1e300})
	for range 3 {
		if err := b.step(); err != nil && !errors.Is(err, errDiverged) {
			t.Fatal(err)
		}
	}
	for _, s := range b.status() {
		if len(s.text) > 40 {
			t.Errorf("status %s is %d characters: %.60s…", s.name, len(s.text), s.text)
		}
	}
}
