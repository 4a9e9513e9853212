package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Decision returns a figure of a two-feature dataset and the decision boundary of each
// perceptron: the points with a legend for the labels, and one line per perceptron, named by
// its weights and bias. A perceptron whose weights are all 0 has no boundary; its legend entry
// says so. The axes show the data and, for each boundary, the stretch of it nearest the data.
func Decision(d *dlkit.Dataset, ps ...dlkit.Perceptron) (*plot.Plot, error) {
	return DecisionMap(d, nil, ps...)
}

// DecisionMap is Decision with the plot's area coloured by the model's probability of label 1
// (see ProbabilityMap) behind the points; m may be nil for no map.
func DecisionMap(d *dlkit.Dataset, m Model, ps ...dlkit.Perceptron) (*plot.Plot, error) {
	var bg plot.Plotter
	if m != nil {
		pm, err := NewProbabilityMap(m)
		if err != nil {
			return nil, err
		}
		bg = pm
	}
	lines := make([]namedLine, len(ps))
	for i, pc := range ps {
		lines[i] = namedLine{WeightsLabel(pc.Weights, pc.Bias), pc.Weights, pc.Bias, boundaryStyles[i%len(boundaryStyles)]}
	}
	return decisionFigure(d, bg, lines)
}

// namedLine is a decision boundary to draw, with its legend entry and style.
type namedLine struct {
	name  string
	w     []float64
	b     float64
	style draw.LineStyle
}

// decisionFigure draws a two-feature dataset over the background plotter bg (if not nil),
// which fills the plot area, with the given boundaries. The axes show the data and, for each
// boundary, the stretch of it nearest the data. A boundary of weights 0 gets only a legend
// entry saying it has none.
func decisionFigure(d *dlkit.Dataset, bg plot.Plotter, lines []namedLine) (*plot.Plot, error) {
	classes, err := NewClasses(d)
	if err != nil {
		return nil, err
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = d.Names()[0], d.Names()[1]
	if bg != nil {
		p.Add(bg)
		p.X.Padding, p.Y.Padding = 0, 0 // the background fills the plot area up to the axes
	} else {
		p.Add(plotter.NewGrid())
	}
	xmin, xmax, ymin, ymax := classes.DataRange()
	cx, cy := (xmin+xmax)/2, (ymin+ymax)/2
	for i, nl := range lines {
		b, err := NewBoundary(nl.w, nl.b)
		if errors.Is(err, dlkit.ErrNoBoundary) {
			p.Legend.Add(nl.name + ": no boundary")
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("plots: boundary %d (%s): %w", i, nl.name, err)
		}
		b.LineStyle = nl.style
		p.Add(b)
		p.Legend.Add(nl.name, b)
		// Show the boundary's point nearest the data's centre.
		l := b.Line
		t := (l.W1*cx + l.W2*cy + l.B) / (l.W1*l.W1 + l.W2*l.W2)
		fx, fy := cx-t*l.W1, cy-t*l.W2
		xmin, xmax = math.Min(xmin, fx), math.Max(xmax, fx)
		ymin, ymax = math.Min(ymin, fy), math.Max(ymax, fy)
	}
	p.Add(classes)
	addClassLegend(p, classes)
	p.X.Min, p.X.Max = padRange(xmin, xmax)
	p.Y.Min, p.Y.Max = padRange(ymin, ymax)
	if w, h := p.X.Max-p.X.Min, p.Y.Max-p.Y.Min; math.IsInf(w, 0) || math.IsInf(h, 0) || math.IsNaN(w+h) {
		return nil, fmt.Errorf("plots: the data (and boundaries) span %s from %g to %g and %s from %g to %g: wider than float64 numbers can draw",
			d.Names()[0], xmin, xmax, d.Names()[1], ymin, ymax)
	}
	return p, nil
}

// newPlot returns an empty plot in Percept's style.
func newPlot() *plot.Plot {
	p := plot.New()
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Padding = vg.Points(3)
	return p
}

// padRange widens [lo, hi] by 15% on each side, and to at least 2 wide.
func padRange(lo, hi float64) (float64, float64) {
	pad := math.Max(0.15*(hi-lo), (2-(hi-lo))/2)
	return lo - pad, hi + pad
}

// WeightsLabel names a weight choice: "w=(1, -1), b=0".
func WeightsLabel(w []float64, b float64) string {
	s := make([]string, len(w))
	for i, v := range w {
		s[i] = strconv.FormatFloat(v, 'g', 4, 64)
	}
	return fmt.Sprintf("w=(%s), b=%s", strings.Join(s, ", "), strconv.FormatFloat(b, 'g', 4, 64))
}

// ErrorComparison returns a bar chart of summed errors, one bar per weight choice, as
// dlkit.CompareCrossEntropy returns them: weights[c] and biases[c] label the bar of sums[c],
// and each bar's value is printed above it. The lowest bar, the best choice, is highlighted.
func ErrorComparison(sums []float64, weights [][]float64, biases []float64) (*plot.Plot, error) {
	if len(sums) == 0 {
		return nil, errors.New("plots: no errors to compare")
	}
	if len(weights) != len(sums) || len(biases) != len(sums) {
		return nil, fmt.Errorf("plots: %d errors, %d weight vectors and %d biases: want one of each per bar", len(sums), len(weights), len(biases))
	}
	best := 0
	for i, s := range sums {
		if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
			return nil, fmt.Errorf("plots: error %d is %v, want a finite value ≥ 0", i, s)
		}
		if s < sums[best] {
			best = i
		}
	}
	p := newPlot()
	p.Y.Label.Text = "summed cross-entropy"
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	names := make([]string, len(sums))
	labels := plotter.XYLabels{XYs: make(plotter.XYs, len(sums)), Labels: make([]string, len(sums))}
	for i, s := range sums {
		names[i] = WeightsLabel(weights[i], biases[i])
		// One chart per bar, so each can have its own colour.
		bars, err := plotter.NewBarChart(plotter.Values{s}, vg.Points(40))
		if err != nil {
			return nil, err
		}
		bars.XMin = float64(i)
		bars.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
		if i == best {
			bars.Color = color.RGBA{R: 44, G: 160, B: 44, A: 255}
		}
		bars.LineStyle.Width = 0
		p.Add(bars)
		labels.XYs[i] = plotter.XY{X: float64(i), Y: s}
		labels.Labels[i] = strconv.FormatFloat(s, 'f', 4, 64)
		if s >= 1e6 {
			labels.Labels[i] = strconv.FormatFloat(s, 'g', 5, 64) // not 300 digits for 1e300
		}
		if i == best && len(sums) > 1 {
			labels.Labels[i] += " (lowest)"
		}
	}
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].XAlign = draw.XCenter
	}
	l.Offset = vg.Point{Y: vg.Points(3)}
	p.Add(l)
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.6, float64(len(sums))-0.4 // room for the outer bars' names
	_, _, _, ymax := l.DataRange()
	p.Y.Max = math.Min(1.15*ymax, math.MaxFloat64) // room for the labels, within the float64 range
	return p, nil
}

// Activations returns a figure of the activations' curves a(z) for z in [zmin, zmax], each with
// its labelling threshold (0.5 for the step and the sigmoid) as a dotted line. The step's jump at
// z = 0 is drawn as a vertical line.
func Activations(zmin, zmax float64, acts ...dlkit.Activation) (*plot.Plot, error) {
	if !(zmin < zmax) || math.IsInf(zmin, 0) || math.IsInf(zmax, 0) {
		return nil, fmt.Errorf("plots: z range [%v, %v] is not a finite interval", zmin, zmax)
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = "z = w·x + b", "a(z)"
	p.Add(plotter.NewGrid())
	const n = 400
	var thresholds []float64 // each once, in the order of the activations, for the legend
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, a := range acts {
		if !a.Valid() {
			return nil, fmt.Errorf("plots: activation %d is %v, not a defined activation", i, a)
		}
		xys := make(plotter.XYs, 0, n+3)
		add := func(z float64) {
			y := a.Apply(z)
			xys = append(xys, plotter.XY{X: z, Y: y})
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
		crossed := zmin >= 0
		for k := range n + 1 {
			z := zmin + float64(k)*(zmax-zmin)/n
			if !crossed && z > 0 {
				// Sample both sides of 0 exactly, so that a jump there is drawn vertical.
				crossed = true
				add(0)
				add(math.SmallestNonzeroFloat64)
			}
			add(z)
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.LineStyle = draw.LineStyle{Color: curveColors[i%len(curveColors)], Width: vg.Points(2)}
		p.Add(line)
		p.Legend.Add(a.String(), line)
		if !slices.Contains(thresholds, a.Threshold()) {
			thresholds = append(thresholds, a.Threshold())
		}
	}
	for _, t := range thresholds {
		thr := plotter.NewFunction(func(float64) float64 { return t })
		thr.LineStyle = draw.LineStyle{Color: gray(120), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
		p.Add(thr)
		p.Legend.Add("threshold "+strconv.FormatFloat(t, 'g', -1, 64), thr)
	}
	if len(acts) > 0 {
		pad := 0.05 * (ymax - ymin)
		p.Y.Min, p.Y.Max = ymin-pad, ymax+pad
	}
	return p, nil
}

var curveColors = []color.Color{
	color.RGBA{R: 68, G: 68, B: 68, A: 255},
	color.RGBA{R: 214, G: 39, B: 40, A: 255},
	ClassColors[0],
	ClassColors[1],
}
