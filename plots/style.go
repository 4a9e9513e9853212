package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ClassColors are the colours of the classes — class k has ClassColors[k % 10] — used for
// points, probability and region maps and anything else that stands for a class. They are
// matplotlib's default cycle ("tab10"): blue for label 0, orange for label 1, then green,
// red, purple, brown, pink, grey, olive and cyan.
var ClassColors = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {214, 39, 40, 255},
	{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
	{188, 189, 34, 255}, {23, 190, 207, 255},
}

// ClassColor returns the colour of class k.
func ClassColor(k int) color.RGBA { return ClassColors[k%len(ClassColors)] }

// ClassGlyph returns the glyph style for points of class k: a dot for 0, a star for 1, then a
// square, a triangle and a diamond, in ClassColor(k).
func ClassGlyph(k int) draw.GlyphStyle {
	shapes := []draw.GlyphDrawer{DotGlyph{}, StarGlyph{}, polygonGlyph{4, math.Pi / 4}, polygonGlyph{3, math.Pi / 2}, polygonGlyph{4, 0}}
	r := vg.Points(3.5)
	if k%len(shapes) == 1 {
		r = vg.Points(4)
	}
	return draw.GlyphStyle{Color: ClassColor(k), Radius: r, Shape: shapes[k%len(shapes)]}
}

// polygonGlyph draws a filled regular polygon with n corners, the first at angle rot,
// outlined like the others.
type polygonGlyph struct {
	n   int
	rot float64
}

func (g polygonGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := 1.25 * sty.Radius // corners reach further than a circle's edge, to match its area
	fillOutlined(c, sty, around(pt, g.n, func(i int) (vg.Length, float64) {
		return r, g.rot + 2*math.Pi*float64(i)/float64(g.n)
	}))
}

// around returns the closed path through n points around pt, point i at the distance and angle
// (radians, anticlockwise from the x axis) that at(i) gives.
func around(pt vg.Point, n int, at func(i int) (vg.Length, float64)) vg.Path {
	var p vg.Path
	for i := range n {
		r, a := at(i)
		q := vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	return p
}

// StarGlyph draws a filled five-pointed star, outlined in a darker shade of its colour.
// Percept uses it for label 1, the tutorial's "star" class.
type StarGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (StarGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	// The star's tips lie on a circle 1.3 radii out, so its area is close to a dot's of the
	// same radius; the inner corners are at 0.45 of the tips' distance.
	const n = 5
	fillOutlined(c, sty, around(pt, 2*n, func(i int) (vg.Length, float64) {
		r := 1.3 * sty.Radius
		if i%2 == 1 {
			r *= 0.45
		}
		return r, math.Pi/2 + float64(i)*math.Pi/n
	}))
}

// DotGlyph draws a filled circle, outlined in a darker shade of its colour. Percept uses it
// for label 0.
type DotGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (DotGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	fillOutlined(c, sty, p)
}

func fillOutlined(c *draw.Canvas, sty draw.GlyphStyle, p vg.Path) {
	c.SetColor(sty.Color)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: shade(sty.Color, 0.55), Width: vg.Points(0.6)})
	c.Stroke(p)
}

// shade scales a colour's red, green and blue by f, keeping its alpha: f < 1 darkens.
func shade(c color.Color, f float64) color.Color {
	r, g, b, a := c.RGBA()
	return color.RGBA64{R: uint16(float64(r) * f), G: uint16(float64(g) * f), B: uint16(float64(b) * f), A: uint16(a)}
}

// tint mixes white with a fraction t ∈ [0, 1] of an opaque colour c.
func tint(c color.RGBA, t float64) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(255 - t*(255-float64(v)))) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 255}
}

func gray(v uint8) color.Gray { return color.Gray{Y: v} }
