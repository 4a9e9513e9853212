package plots

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Regions returns a figure of a two-feature dataset over a classifier's decision regions
// (see RegionMap), for any number of classes.
func Regions(d *dlkit.Dataset, c Classifier) (*plot.Plot, error) {
	if _, err := c.Proba(nil, []float64{0, 0}); err != nil {
		return nil, fmt.Errorf("plots: the classifier cannot take (x1, x2): %w", err)
	}
	return decisionFigure(d, &RegionMap{Classifier: c}, nil)
}

// Run names one training history, for the curves.
type Run struct {
	Name    string
	History dlkit.History
}

// LossCurves returns a figure of the loss per epoch of one or more training runs, on a
// logarithmic scale (where every loss is above 0), so that the slow late progress shows.
func LossCurves(runs ...Run) (*plot.Plot, error) {
	p, err := curves(runs, "loss (mean cross-entropy)", func(h dlkit.History) []float64 { return h.Loss })
	if err != nil {
		return nil, err
	}
	// A log scale needs every loss above 0, and a range: gonum widens an empty one (a single
	// epoch, or a loss that never moved) by 1 on each side, to below 0.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range runs {
		for _, v := range r.History.Loss {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > 0 && hi > lo {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	return p, nil
}

// AccuracyCurves returns a figure of the accuracy per epoch of one or more training runs.
func AccuracyCurves(runs ...Run) (*plot.Plot, error) {
	p, err := curves(runs, "accuracy", func(h dlkit.History) []float64 { return h.Accuracy })
	if err != nil {
		return nil, err
	}
	p.Y.Max = 1
	return p, nil
}

func curves(runs []Run, what string, values func(dlkit.History) []float64) (*plot.Plot, error) {
	if len(runs) == 0 {
		return nil, errors.New("plots: no training runs to draw")
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = "epoch", what
	p.Add(plotter.NewGrid())
	for i, r := range runs {
		v := values(r.History)
		if len(v) == 0 {
			return nil, fmt.Errorf("plots: run %d (%q) has no epochs", i, r.Name)
		}
		xys := make(plotter.XYs, len(v))
		for e, y := range v {
			xys[e] = plotter.XY{X: float64(e + 1), Y: y}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: run %d (%q): %w", i, r.Name, err)
		}
		line.LineStyle = draw.LineStyle{Color: ClassColor(i), Width: vg.Points(1.8)}
		p.Add(line)
		if r.Name != "" {
			p.Legend.Add(r.Name, line)
		}
	}
	return p, nil
}

// logTicks marks a logarithmic axis at 1, 2 and 5 times each power of ten, labelled, and at
// the other multiples, unlabelled.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if v < min || v > max {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// TrainingCurves returns the loss and the accuracy of one run side by side.
func TrainingCurves(h dlkit.History) (*Grid, error) {
	loss, err := LossCurves(Run{History: h})
	if err != nil {
		return nil, err
	}
	acc, err := AccuracyCurves(Run{History: h})
	if err != nil {
		return nil, err
	}
	return &Grid{Plots: [][]*plot.Plot{{loss, acc}}, Width: 9 * vg.Inch, Height: 3.5 * vg.Inch}, nil
}

// ErrorSurface returns a figure of the mean cross-entropy of the two-weight sigmoid unit
// σ(w1·x1 + w2·x2 + b) on the data, with the bias b fixed, over the box w1 ∈ [w1[0], w1[1]],
// w2 ∈ [w2[0], w2[1]]: colour and contour lines, darker where the error is higher. The path,
// if any — the weights a training went through — is drawn on top, from a ring (the start) to a
// dot (the end). Every weight pair in the box is a weight choice; this compares them all.
func ErrorSurface(d *dlkit.Dataset, b float64, w1, w2 [2]float64, path [][2]float64) (*plot.Plot, error) {
	if d.Dim() != 2 {
		return nil, fmt.Errorf("plots: the data has %d features, an error surface needs 2", d.Dim())
	}
	if !(w1[0] < w1[1] && w2[0] < w2[1]) {
		return nil, fmt.Errorf("plots: weight ranges %v and %v are not intervals", w1, w2)
	}
	const n = 120 // grid cells per side
	grid := surfaceGrid{n: n, w1: w1, w2: w2, loss: make([]float64, n*n)}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range n {
		for j := range n {
			x, y := grid.X(i), grid.Y(j)
			e, err := dlkit.MeanCrossEntropy(d, []float64{x, y}, b)
			if err != nil {
				return nil, err
			}
			grid.loss[j*n+i] = math.Log(e)
			lo, hi = math.Min(lo, grid.loss[j*n+i]), math.Max(hi, grid.loss[j*n+i])
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	for i := range n {
		for j := range n {
			img.SetRGBA(i, n-1-j, sequentialColor((grid.loss[j*n+i]-lo)/(hi-lo)))
		}
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = "w1", "w2"
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(plotter.NewImage(img, w1[0], w2[0], w1[1], w2[1]))
	levels := make([]float64, 10)
	for k := range levels {
		levels[k] = lo + (hi-lo)*float64(k+1)/11
	}
	contour := plotter.NewContour(grid, levels, onePalette{color.RGBA{235, 235, 235, 255}})
	contour.LineStyles = []draw.LineStyle{{Width: vg.Points(0.5)}}
	p.Add(contour)
	if len(path) > 0 {
		xys := make(plotter.XYs, len(path))
		for i, w := range path {
			xys[i] = plotter.XY{X: w[0], Y: w[1]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: training path: %w", err)
		}
		line.LineStyle = draw.LineStyle{Color: ClassColor(3), Width: vg.Points(2)}
		start, _ := plotter.NewScatter(xys[:1])
		start.GlyphStyle = draw.GlyphStyle{Color: ClassColor(3), Radius: vg.Points(4), Shape: draw.RingGlyph{}}
		end, _ := plotter.NewScatter(xys[len(xys)-1:])
		end.GlyphStyle = draw.GlyphStyle{Color: ClassColor(3), Radius: vg.Points(4), Shape: DotGlyph{}}
		p.Add(line, start, end)
		p.Legend.Add("training path", line)
		p.Legend.Add("start", start)
		p.Legend.Add("end", end)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w1[0], w1[1], w2[0], w2[1]
	return p, nil
}

// surfaceGrid is the error surface as a plotter.GridXYZ, for contours.
type surfaceGrid struct {
	n      int
	w1, w2 [2]float64
	loss   []float64 // row j (w2) by column i (w1)
}

func (g surfaceGrid) Dims() (c, r int)   { return g.n, g.n }
func (g surfaceGrid) Z(c, r int) float64 { return g.loss[r*g.n+c] }
func (g surfaceGrid) X(c int) float64 {
	return g.w1[0] + (float64(c)+0.5)*(g.w1[1]-g.w1[0])/float64(g.n)
}
func (g surfaceGrid) Y(r int) float64 {
	return g.w2[0] + (float64(r)+0.5)*(g.w2[1]-g.w2[0])/float64(g.n)
}

type onePalette struct{ c color.Color }

func (p onePalette) Colors() []color.Color { return []color.Color{p.c} }

// sequentialColor maps t ∈ [0, 1] to a colour from light yellow (0) through green and blue to
// dark purple (1): matplotlib's viridis, reversed, from five of its colours.
func sequentialColor(t float64) color.RGBA {
	stops := []color.RGBA{{253, 231, 37, 255}, {94, 201, 98, 255}, {33, 145, 140, 255}, {59, 82, 139, 255}, {68, 1, 84, 255}}
	if math.IsNaN(t) {
		return color.RGBA{}
	}
	t = math.Min(math.Max(t, 0), 1) * float64(len(stops)-1)
	i := min(int(t), len(stops)-2)
	f := t - float64(i)
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + f*(float64(b)-float64(a)))) }
	a, b := stops[i], stops[i+1]
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// Evolution returns a figure of a two-feature dataset with the decision boundary of a
// two-input unit at several moments of its training: weights[i] and biases[i] at epoch
// epochs[i]. Earlier boundaries are lighter.
func Evolution(d *dlkit.Dataset, epochs []int, weights [][]float64, biases []float64) (*plot.Plot, error) {
	if len(weights) != len(epochs) || len(biases) != len(epochs) {
		return nil, fmt.Errorf("plots: %d epochs, %d weight vectors and %d biases: want one of each per boundary", len(epochs), len(weights), len(biases))
	}
	lines := make([]namedLine, len(epochs))
	for i, e := range epochs {
		shade := uint8(200 - 180*float64(i+1)/float64(len(epochs)))
		lines[i] = namedLine{"epoch " + strconv.Itoa(e), weights[i], biases[i], draw.LineStyle{Color: gray(shade), Width: vg.Points(1.6)}}
	}
	return decisionFigure(d, nil, lines)
}

// NeuronMaps returns one small map per unit of hidden layer l of a two-feature network: each
// colours the plane by the unit's output — orange where it is high, blue where it is low
// (negative, for tanh) — over the range of the data, whose points are drawn on top. Together
// they show the features the layer has learned to detect.
func NeuronMaps(m *dlkit.MLP, l int, d *dlkit.Dataset) (*Grid, error) {
	if l < 0 || l >= len(m.Hidden) {
		return nil, fmt.Errorf("plots: the network has %d hidden layers, no layer %d", len(m.Hidden), l)
	}
	if m.Inputs.Features != 2 || d.Dim() != 2 {
		return nil, fmt.Errorf("plots: neuron maps need two-feature data and networks, got %d and %d features", d.Dim(), m.Inputs.Features)
	}
	classes, err := NewClasses(d)
	if err != nil {
		return nil, err
	}
	for k := range classes.Glyphs {
		classes.Glyphs[k].Radius = vg.Points(2)
	}
	xmin, xmax, ymin, ymax := classes.DataRange()
	xmin, xmax = padRange(xmin, xmax)
	ymin, ymax = padRange(ymin, ymax)
	const n = 60
	_, units := m.Hidden[l].W.Dims()
	outs := make([][]float64, n*n) // cell (i, j) → the layer's outputs
	hi := 0.0
	for j := range n {
		for i := range n {
			x := []float64{xmin + (float64(i)+0.5)*(xmax-xmin)/n, ymax - (float64(j)+0.5)*(ymax-ymin)/n}
			acts, err := m.Activations(x)
			if err != nil {
				return nil, err
			}
			outs[j*n+i] = acts[l]
			for _, v := range acts[l] {
				hi = math.Max(hi, math.Abs(v))
			}
		}
	}
	if hi == 0 {
		hi = 1
	}
	cols := int(math.Ceil(math.Sqrt(float64(units))))
	rows := (units + cols - 1) / cols
	g := &Grid{Plots: make([][]*plot.Plot, rows), Width: vg.Length(cols) * 1.9 * vg.Inch, Height: vg.Length(rows) * 1.9 * vg.Inch}
	for r := range g.Plots {
		g.Plots[r] = make([]*plot.Plot, cols)
	}
	for u := range units {
		img := image.NewRGBA(image.Rect(0, 0, n, n))
		for k, o := range outs {
			// −hi → blue, 0 → white, +hi → orange, as a probability map would show 0, ½, 1.
			img.SetRGBA(k%n, k/n, ProbabilityColor(0.5+o[u]/(2*hi)))
		}
		p := plot.New()
		p.Title.Text = "unit " + strconv.Itoa(u+1)
		p.Title.TextStyle.Font.Size = vg.Points(9)
		p.HideAxes()
		p.Add(plotter.NewImage(img, xmin, ymin, xmax, ymax), classes)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
		g.Plots[u/cols][u%cols] = p
	}
	return g, nil
}
