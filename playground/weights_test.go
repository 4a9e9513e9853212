package playground

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The article's numbers, as the weights playground shows them: the starting choice
// w = (1, −1), b = 0, and w = (0, 0), b = 0 from the sliders' middle positions.
func TestWeightsNumbers(t *testing.T) {
	a, err := newWeightsApp(WeightsConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if got := statusOf(a, "sum"); got != "7.80203873765316" {
		t.Errorf("w = (1, -1): summed cross-entropy %s, want the article's 7.80203873765316", got)
	}
	for _, c := range []string{"w1", "w2", "b"} {
		mustHandle(t, a, c, "50")
	}
	for name, want := range map[string]string{"sum": "2.772588722239781", "mean": "0.6931", "accuracy": "50.0%", "choice": "w=(0, 0), b=0"} {
		if got := statusOf(a, name); got != want {
			t.Errorf("w = (0, 0), b = 0: %s %q, want %q", name, got, want)
		}
	}
	s, _ := a.score(a.choice)
	for i, e := range s.each {
		if e != 0.6931471805599453 {
			t.Errorf("point %d's error at w = 0 is %v, want ln 2", i, e)
		}
	}
	mustHandle(t, a, "w1", "60")
	mustHandle(t, a, "w2", "60")
	if s, _ := a.score(a.choice); !(s.sum < 0.04) || s.accuracy != 1 {
		t.Errorf("w = (1, 1): sum %v, accuracy %v", s.sum, s.accuracy)
	}
}

// Pins keep up to four choices, the oldest dropped first; a click on one brings it back, and
// moves the sliders.
func TestWeightsPins(t *testing.T) {
	a, _ := newWeightsApp(WeightsConfig{})
	for k := range 5 {
		mustHandle(t, a, "w1", fmt.Sprint(40+k))
		mustHandle(t, a, "pin", "1")
	}
	if len(a.pins) != maxPins || a.pins[0].w1 != -0.9 || a.pins[3].w1 != -0.6 {
		t.Fatalf("pins %v, want the last four choices", a.pins)
	}
	if statusOf(a, "pins") != "4" {
		t.Errorf("status pins %q", statusOf(a, "pins"))
	}
	if h := a.hotspots(); len(h) != 4 || h[1].Name != "pinned choice 2: w=(-0.8, -1), b=0" {
		t.Errorf("hotspots %v", h)
	}
	r := pinRect(1)
	u := mustHandle(t, a, "click", fmt.Sprintf("%d,%d", r.Min.X+5, r.Max.Y-5))
	if a.choice != a.pins[1] || u.Values["w1"] != "42" || u.Values["w2"] != "40" || u.Values["b"] != "50" {
		t.Errorf("a click on pin 2: choice %v, sliders %v", a.choice, u.Values)
	}
	mustHandle(t, a, "click", "5,5") // not on a pin
	if a.choice != a.pins[1] {
		t.Error("a click beside the pins changed the choice")
	}
	img, err := a.draw()
	if err != nil {
		t.Fatal(err)
	}
	if img.Rect.Dy() != wFrameHP {
		t.Errorf("with pins the frame is %d tall, want %d", img.Rect.Dy(), wFrameHP)
	}
	mustHandle(t, a, "unpin", "1")
	if len(a.pins) != 0 || len(a.hotspots()) != 0 {
		t.Errorf("after Clear pins: %d pins", len(a.pins))
	}
}

func TestWeightsData(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("mine.csv", "x1,x2,label\n1,2,1\n-1,-2,0\n3,3,1\n")
	a, err := newWeightsApp(WeightsConfig{CSV: []string{good}, Data: "mine.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if a.data[a.cur].d.Len() != 3 || len(a.data) != 5 {
		t.Fatalf("started on %q with %d datasets", a.data[a.cur].name, len(a.data))
	}
	mustHandle(t, a, "data", "2")
	if a.data[a.cur].name != "XOR" {
		t.Errorf("data 2 is %q", a.data[a.cur].name)
	}
	other := write("other.csv", "0,0,0\n1,1,1\n")
	u := mustHandle(t, a, "csv", other)
	if a.data[a.cur].name != "other.csv" || len(u.Options["data"]) != 6 || u.Values["data"] != "5" {
		t.Errorf("loading other.csv: %q, options %q, values %v", a.data[a.cur].name, u.Options["data"], u.Values)
	}
	mustHandle(t, a, "csv", other) // again: the same entry, not a second
	if len(a.data) != 6 {
		t.Errorf("loading a file twice makes %d datasets", len(a.data))
	}
	for _, test := range []struct{ c, v, says string }{
		{"csv", write("three.csv", "1,2,0\n2,1,2\n"), "3 classes; one sigmoid unit tells 2 apart"},
		{"csv", write("wide.csv", "1,2,3,0\n"), "3 features"},
		{"csv", write("bad.csv", "1,x,0\n"), `bad.csv: line 1, column 2 (x2): "x" is not a number`},
		{"csv", write("far.csv", "1,2,0\n3,-1e17,1\n"), "far.csv: point 2 has x2 = -1e+17; a playground draws values within ±1e+15 (scale the data)"},
		{"data", "9", `no dataset "9"`},
		{"b", "", "slider b"},
		{"w3", "1", `no control "w3"`},
	} {
		if _, err := a.handle(msg(test.c, test.v)); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%s = %q: error %v, want one saying %q", test.c, test.v, err, test.says)
		}
	}
	for i, test := range []struct {
		c    WeightsConfig
		says string
	}{
		{WeightsConfig{Weights: []float64{1}}, "1 starting weights"},
		{WeightsConfig{Range: -1}, "range ±-1"},
		{WeightsConfig{Data: "moons"}, `no dataset "moons"`},
		{WeightsConfig{CSV: []string{filepath.Join(dir, "none.csv")}}, "none.csv"},
	} {
		if _, err := Weights(test.c).Frame(); err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
}

// Outside a notebook, Run does nothing.
func TestRunOutsideNotebook(t *testing.T) {
	if err := Weights(WeightsConfig{}).Run(); err != nil {
		t.Error(err)
	}
	if err := Network(NetworkConfig{}).Run(); err != nil {
		t.Error(err)
	}
}
