package plots

import (
	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Boundary is a plotter for a decision boundary w1·x1 + w2·x2 + b = 0: a straight line across
// the whole plot, vertical lines included. It does not change the axes' range, and draws
// nothing if the line misses the area shown.
type Boundary struct {
	Line dlkit.Line
	draw.LineStyle
}

var (
	_ plot.Plotter     = (*Boundary)(nil)
	_ plot.Thumbnailer = (*Boundary)(nil)
)

// NewBoundary returns a Boundary for the unit with weights w and bias b, drawn as a solid dark
// line. It returns dlkit's error if the unit has no boundary (w = 0) or w does not have two
// values.
func NewBoundary(w []float64, b float64) (*Boundary, error) {
	line, err := dlkit.DecisionBoundary(w, b)
	if err != nil {
		return nil, err
	}
	return &Boundary{Line: line, LineStyle: boundaryStyles[0]}, nil
}

// Plot implements plot.Plotter. It assumes linear axes.
func (b *Boundary) Plot(c draw.Canvas, p *plot.Plot) {
	p0, p1, ok := b.Line.Clip(p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	if !ok {
		return
	}
	trX, trY := p.Transforms(&c)
	c.StrokeLine2(b.LineStyle, trX(p0[0]), trY(p0[1]), trX(p1[0]), trY(p1[1]))
}

// Thumbnail implements plot.Thumbnailer: a short stretch of the line, for legends.
func (b *Boundary) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(b.LineStyle, c.Min.X, y, c.Max.X, y)
}

// boundaryStyles tell up to four boundaries in one figure apart; more repeat them.
var boundaryStyles = []draw.LineStyle{
	{Color: gray(40), Width: vg.Points(1.6)},
	{Color: gray(40), Width: vg.Points(1.6), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}},
	{Color: gray(40), Width: vg.Points(1.6), Dashes: []vg.Length{vg.Points(1.5), vg.Points(2.5)}},
	{Color: gray(40), Width: vg.Points(1.6), Dashes: []vg.Length{vg.Points(8), vg.Points(3), vg.Points(1.5), vg.Points(3)}},
}
