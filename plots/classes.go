package plots

import (
	"fmt"
	"math"
	"strconv"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Classes is a plotter for the points of a two-feature dataset, each class with its own glyph
// (see ClassGlyph): label 0 as blue dots, label 1 as orange stars, and so on. Points[k] and
// Glyphs[k] are the points of class k and their style; both may be changed before drawing.
type Classes struct {
	Points []plotter.XYs
	Glyphs []draw.GlyphStyle
}

var (
	_ plot.Plotter     = (*Classes)(nil)
	_ plot.DataRanger  = (*Classes)(nil)
	_ plot.GlyphBoxer  = (*Classes)(nil)
	_ plot.Thumbnailer = classThumb{}
)

// NewClasses returns a Classes plotter for the dataset's points, which must have two features.
func NewClasses(d *dlkit.Dataset) (*Classes, error) {
	if d.Dim() != 2 {
		return nil, fmt.Errorf("plots: the data has %d features, a scatter plot needs 2", d.Dim())
	}
	c := &Classes{Points: make([]plotter.XYs, d.Classes()), Glyphs: make([]draw.GlyphStyle, d.Classes())}
	// Smaller glyphs for many points, so that they do not pile up into a blot.
	shrink := math.Min(1, math.Max(0.4, math.Sqrt(500/float64(d.Len()))))
	for k := range c.Glyphs {
		c.Glyphs[k] = ClassGlyph(k)
		c.Glyphs[k].Radius *= vg.Length(shrink)
	}
	for i := range d.Len() {
		x, l := d.Point(i), int(d.Label(i))
		c.Points[l] = append(c.Points[l], plotter.XY{X: x[0], Y: x[1]})
	}
	return c, nil
}

// Plot implements plot.Plotter. Each class is drawn over the ones before it.
func (c *Classes) Plot(cv draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&cv)
	for l, pts := range c.Points {
		for _, pt := range pts {
			cv.DrawGlyph(c.Glyphs[l], vg.Point{X: trX(pt.X), Y: trY(pt.Y)})
		}
	}
}

// DataRange implements plot.DataRanger: the smallest box holding every point.
func (c *Classes) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pts := range c.Points {
		for _, pt := range pts {
			xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
			ymin, ymax = math.Min(ymin, pt.Y), math.Max(ymax, pt.Y)
		}
	}
	return xmin, xmax, ymin, ymax
}

// GlyphBoxes implements plot.GlyphBoxer, so that the plot leaves room for glyphs at the edges.
func (c *Classes) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for l, pts := range c.Points {
		r := 1.3 * c.Glyphs[l].Radius // a star's tips reach 1.3 radii, a polygon's 1.25
		rect := vg.Rectangle{Min: vg.Point{X: -r, Y: -r}, Max: vg.Point{X: r, Y: r}}
		for _, pt := range pts {
			boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(pt.X), Y: p.Y.Norm(pt.Y), Rectangle: rect})
		}
	}
	return boxes
}

// Thumbnailer returns the legend entry's picture for points of the given class.
func (c *Classes) Thumbnailer(label int) plot.Thumbnailer { return classThumb{c, label} }

type classThumb struct {
	c     *Classes
	label int
}

func (t classThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(t.c.Glyphs[t.label], c.Center())
}

func addClassLegend(p *plot.Plot, c *Classes) {
	for k, pts := range c.Points {
		if len(pts) > 0 {
			p.Legend.Add("label "+strconv.Itoa(k), c.Thumbnailer(k))
		}
	}
}
