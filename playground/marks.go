package playground

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	"github.com/percept-go/percept/plots"
)

// mark draws the mark of a point of class k at (x, y) with radius r, as plots draws points
// (plots.ClassGlyph): a dot for label 0, a star for label 1, then a square, a triangle and a
// diamond, filled with the class's colour and outlined in a darker shade of it. A hollow mark
// — a test point — is white inside its coloured outline. Each kind of mark is rasterised once,
// and then copied at the point's nearest pixel.
func (c *canvas) mark(k int, x, y, r float32, hollow bool) {
	s := markSprite(k, r, hollow)
	at := image.Pt(int(math.Round(float64(x)))-s.Rect.Dx()/2, int(math.Round(float64(y)))-s.Rect.Dy()/2)
	draw.Draw(c.img, s.Rect.Add(at), s, image.Point{}, draw.Over)
}

type spriteKey struct {
	k      int
	r      float32
	hollow bool
}

var (
	spritesMu sync.Mutex
	sprites   = map[spriteKey]*image.RGBA{}
)

// markSprite returns the mark on a transparent square, centred.
func markSprite(k int, r float32, hollow bool) *image.RGBA {
	spritesMu.Lock()
	defer spritesMu.Unlock()
	key := spriteKey{k % 5, r, hollow}
	if s, ok := sprites[key]; ok {
		return s
	}
	side := 2 * int(math.Ceil(float64(1.35*r)+2))
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, side, side))}
	col := plots.ClassColor(k)
	outline := shade(col, 0.55)
	inner := col
	edge := float32(0.9) // the outline's width in pixels
	if hollow {
		outline, inner, edge = col, color.RGBA{255, 255, 255, 255}, 1.6
	}
	mid := float32(side) / 2
	c.markShape(k, mid, mid, r+edge/2, outline)
	c.markShape(k, mid, mid, r-edge/2, inner)
	sprites[key] = c.img
	return c.img
}

// markShape fills the shape of class k's mark.
func (c *canvas) markShape(k int, x, y, r float32, col color.RGBA) {
	if r <= 0 {
		return
	}
	rr := float64(r)
	switch k % 5 {
	case 0:
		c.disc(x, y, r, col)
	case 1:
		// As plots.StarGlyph: tips 1.3 radii out, inner corners at 0.45 of that.
		c.polygon(x, y, 10, func(i int) (float64, float64) {
			d := 1.3 * rr
			if i%2 == 1 {
				d *= 0.45
			}
			return d, math.Pi/2 + float64(i)*math.Pi/5
		}, col)
	default:
		// As plots' polygon glyphs: corners 1.25 radii out.
		n, rot := [...]int{2: 4, 3: 3, 4: 4}[k%5], [...]float64{2: math.Pi / 4, 3: math.Pi / 2, 4: 0}[k%5]
		c.polygon(x, y, n, func(i int) (float64, float64) {
			return 1.25 * rr, rot + 2*math.Pi*float64(i)/float64(n)
		}, col)
	}
}

// shade scales a colour's red, green and blue by f, as plots outlines its glyphs.
func shade(c color.RGBA, f float64) color.RGBA {
	s := func(v uint8) uint8 { return uint8(float64(v) * f) }
	return color.RGBA{s(c.R), s(c.G), s(c.B), c.A}
}

// markRadius is the radius of the marks of n points in a plot of the given side, in pixels:
// 5 px for up to 150 points on 400 px, down to 2.75 px for 500 and more so that they do not pile into a blot
// (as plots.NewClasses shrinks its glyphs).
func markRadius(n, side int) float32 {
	shrink := math.Min(1, math.Max(0.55, math.Sqrt(150/float64(max(n, 1)))))
	return float32(5 * shrink * math.Sqrt(float64(side)/400))
}
