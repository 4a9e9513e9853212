package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The colours of the two labels, used for points, probability maps and anything else that
// stands for a label. They are the first two colours of matplotlib's default cycle, which
// readers with the common forms of colour blindness can tell apart.
var (
	Label0Color = color.RGBA{R: 31, G: 119, B: 180, A: 255} // blue
	Label1Color = color.RGBA{R: 255, G: 127, B: 14, A: 255} // orange
)

// StarGlyph draws a filled five-pointed star, outlined in a darker shade of its colour.
// Percept uses it for label 1, the tutorial's "star" class.
type StarGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (StarGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	// The star's tips lie on a circle 1.3 radii out, so its area is close to a dot's of the
	// same radius; the inner corners are at 0.45 of the tips' distance.
	const n = 5
	var p vg.Path
	for i := range 2 * n {
		r := 1.3 * sty.Radius
		if i%2 == 1 {
			r *= 0.45
		}
		a := math.Pi/2 + float64(i)*math.Pi/n
		q := vg.Point{X: pt.X + r*vg.Length(math.Cos(a)), Y: pt.Y + r*vg.Length(math.Sin(a))}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	fillOutlined(c, sty, p)
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

// labelGlyphs are the glyphs for label 0 and label 1.
var labelGlyphs = [2]draw.GlyphStyle{
	{Color: Label0Color, Radius: vg.Points(3.5), Shape: DotGlyph{}},
	{Color: Label1Color, Radius: vg.Points(4), Shape: StarGlyph{}},
}

func gray(v uint8) color.Gray { return color.Gray{Y: v} }
