package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// Model is anything that gives the probability of label 1 at a point, such as a
// *dlkit.Perceptron with the sigmoid activation (a step perceptron gives hard 0s and 1s).
type Model interface {
	Forward(x []float64) (float64, error)
}

// ProbFunc makes a function of (x1, x2) a Model.
type ProbFunc func(x1, x2 float64) float64

// Forward implements Model.
func (f ProbFunc) Forward(x []float64) (float64, error) { return f(x[0], x[1]), nil }

// NewProbabilityMap returns a ProbabilityMap of the model, checking that it takes two-feature
// points.
func NewProbabilityMap(m Model) (*ProbabilityMap, error) {
	if _, err := m.Forward([]float64{0, 0}); err != nil {
		return nil, fmt.Errorf("plots: the model cannot map (x1, x2) to a probability: %w", err)
	}
	x := make([]float64, 2)
	return &ProbabilityMap{Prob: func(x1, x2 float64) float64 {
		x[0], x[1] = x1, x2
		p, err := m.Forward(x)
		if err != nil {
			return math.NaN()
		}
		return p
	}}, nil
}

// ProbabilityMap is a plotter that colours the plot's whole area by a model's probability of
// label 1 at each point (x1, x2): white where it is 0.5, shading to blue (label 0's colour)
// towards 0 and to orange (label 1's) towards 1. Any model fits — a perceptron, a network, a
// formula. It does not change the axes' range; add it before the points so it lies behind them.
type ProbabilityMap struct {
	// Prob returns the probability of label 1 at (x1, x2). Values outside [0, 1] are clamped;
	// NaN leaves the cell transparent.
	Prob func(x1, x2 float64) float64
	// Cells is the number of cells along the longer side of the plot area; 0 means 160.
	Cells int
}

var _ plot.Plotter = (*ProbabilityMap)(nil)

// Plot implements plot.Plotter. It assumes linear axes.
func (m *ProbabilityMap) Plot(c draw.Canvas, p *plot.Plot) {
	raster(c, p, m.Cells, func(x1, x2 float64) color.RGBA { return ProbabilityColor(m.Prob(x1, x2)) })
}

// raster fills the plot area with an image of cells (160 along the longer side if cells is 0),
// each coloured by colorAt at its centre. It assumes linear axes.
func raster(c draw.Canvas, p *plot.Plot, cells int, colorAt func(x1, x2 float64) color.RGBA) {
	n := cells
	if n <= 0 {
		n = 160
	}
	w, h := float64(c.Max.X-c.Min.X), float64(c.Max.Y-c.Min.Y)
	nx, ny := n, n
	if w > h {
		ny = max(1, int(math.Round(float64(n)*h/w)))
	} else {
		nx = max(1, int(math.Round(float64(n)*w/h)))
	}
	img := image.NewRGBA(image.Rect(0, 0, nx, ny))
	for j := range ny {
		x2 := p.Y.Max - (float64(j)+0.5)/float64(ny)*(p.Y.Max-p.Y.Min) // row 0 is the top
		for i := range nx {
			x1 := p.X.Min + (float64(i)+0.5)/float64(nx)*(p.X.Max-p.X.Min)
			img.SetRGBA(i, j, colorAt(x1, x2))
		}
	}
	c.DrawImage(c.Rectangle, img)
}

// A Classifier gives the probability of each class at a point; *dlkit.MLP is one.
type Classifier interface {
	Proba(dst, x []float64) ([]float64, error)
}

// RegionMap is a plotter that colours the plot's whole area by a classifier's most probable
// class at each point, in that class's colour, white where the classifier cannot choose and
// deeper where it is sure. For two classes it looks like a ProbabilityMap. It does not change
// the axes' range; add it before the points so it lies behind them.
type RegionMap struct {
	Classifier Classifier
	// Cells is the number of cells along the longer side of the plot area; 0 means 160.
	Cells int
}

var _ plot.Plotter = (*RegionMap)(nil)

// Plot implements plot.Plotter. Cells where the classifier fails are left transparent.
func (m *RegionMap) Plot(c draw.Canvas, p *plot.Plot) {
	x := make([]float64, 2)
	var proba []float64
	raster(c, p, m.Cells, func(x1, x2 float64) color.RGBA {
		x[0], x[1] = x1, x2
		var err error
		proba, err = m.Classifier.Proba(proba, x)
		if err != nil {
			return color.RGBA{}
		}
		return RegionColor(proba)
	})
}

// RegionColor is the colour a RegionMap gives class probabilities p: the most probable
// class's colour, mixed with white according to how far its probability is above an even
// guess, 1/len(p).
func RegionColor(p []float64) color.RGBA {
	k := 0
	for i, v := range p {
		if v > p[k] {
			k = i
		}
	}
	even := 1 / float64(len(p))
	sure := (math.Min(p[k], 1) - even) / (1 - even)
	if math.IsNaN(sure) {
		return color.RGBA{}
	}
	return tint(ClassColor(k), strongestTint*sure)
}

// strongestTint is how much of a class's colour the surest cells of a map get: light enough
// for points to stand out.
const strongestTint = 0.5

// ProbabilityColor is the colour a ProbabilityMap gives probability p: white at 0.5, a tint of
// class 0's colour at 0 and of class 1's at 1 (light enough for points to stand out on it).
func ProbabilityColor(p float64) color.RGBA {
	if math.IsNaN(p) {
		return color.RGBA{}
	}
	p = math.Min(math.Max(p, 0), 1)
	return RegionColor([]float64{1 - p, p})
}
