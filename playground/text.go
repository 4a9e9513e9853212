package playground

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font/liberation"
)

// face is a font at one size, with the glyphs it has drawn kept for reuse: rasterising a glyph
// costs microseconds, and a frame's labels repeat the same few dozen.
type face struct {
	mu     sync.Mutex
	face   font.Face
	glyphs map[rune]glyph
	ascent int
}

type glyph struct {
	mask    *image.Alpha
	off     image.Point // of the mask's top left from the dot
	advance int
}

// The faces of the frames' labels: Liberation Serif, the font of Percept's other figures
// (gonum/plot's default), regular at two sizes and bold.
var (
	faceSmall, faceNormal, faceBold *face
	facesOnce                       sync.Once
)

// faces returns the frames' faces, loading them on first use.
func faces() (small, normal, bold *face) {
	facesOnce.Do(func() {
		load := func(weight font.Weight, size float64) *face {
			for _, f := range liberation.Collection() {
				if f.Font.Typeface == "Liberation" && f.Font.Variant == "Serif" && f.Font.Style == font.StyleNormal && f.Font.Weight == weight {
					return newFace(f.Face, size)
				}
			}
			panic("playground: the Liberation Serif font is missing from gonum/plot")
		}
		faceSmall = load(font.WeightNormal, 11)
		faceNormal = load(font.WeightNormal, 13)
		faceBold = load(font.WeightBold, 13)
	})
	return faceSmall, faceNormal, faceBold
}

// newFace returns the font at size pixels, hinted so that its stems fall on whole pixels.
func newFace(f *opentype.Font, size float64) *face {
	ff, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		panic("playground: " + err.Error()) // a font gonum/plot ships and reads itself
	}
	return &face{face: ff, glyphs: map[rune]glyph{}, ascent: ff.Metrics().Ascent.Round()}
}

// glyph returns r's glyph, rasterising it the first time.
func (f *face) glyph(r rune) glyph {
	if g, ok := f.glyphs[r]; ok {
		return g
	}
	dr, mask, mp, adv, ok := f.face.Glyph(fixed.Point26_6{}, r)
	g := glyph{advance: adv.Round()}
	if ok && !dr.Empty() {
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Rect, mask, mp, draw.Src)
		g.mask, g.off = a, dr.Min
	}
	f.glyphs[r] = g
	return g
}

// width returns the width of s in pixels.
func (f *face) width(s string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := 0
	for _, r := range s {
		w += f.glyph(r).advance
	}
	return w
}

// Text alignment: where (x, y) is on the text's box.
type align uint8

const (
	left   align = iota // x at the start
	center              // x at the middle
	right               // x at the end
)

// text draws s in col with its box's top at y, placed on x as a says, and returns the box.
func (c *canvas) text(f *face, x, y int, a align, col color.RGBA, s string) image.Rectangle {
	w := f.width(s)
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	src := image.NewUniform(col)
	dot := image.Point{X: x, Y: y + f.ascent}
	for _, r := range s {
		g := f.glyph(r)
		if g.mask != nil {
			at := g.mask.Rect.Add(dot.Add(g.off))
			draw.DrawMask(c.img, at, src, image.Point{}, g.mask, image.Point{}, draw.Over)
		}
		dot.X += g.advance
	}
	return image.Rect(x, y, x+w, y+f.height())
}

// height returns the height of a line of text, in pixels.
func (f *face) height() int {
	m := f.face.Metrics()
	return (m.Ascent + m.Descent).Ceil()
}

// decimals writes v with prec decimals, as the panel and the frames show losses and errors
// (0.6931), up to a million; beyond, where so many digits would not fit, with prec+1
// significant digits and an exponent (3.4984e+301).
func decimals(v float64, prec int) string {
	if math.Abs(v) < 1e6 || !isFinite(v) {
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	return strconv.FormatFloat(v, 'e', prec, 64)
}
