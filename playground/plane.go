package playground

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"sync"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
	"gonum.org/v1/gonum/mat"
)

// plane maps the data's plane, x1 to the right and x2 up, onto a rectangle of pixels.
type plane struct {
	r      image.Rectangle
	x1, x2 [2]float64 // the ranges shown
}

// dataPlane returns the plane of the points of the datasets on r: their range, widened by 15%
// on each side and to at least 2 wide, as plots frames its figures.
func dataPlane(r image.Rectangle, ds ...*dlkit.Dataset) plane {
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, d := range ds {
		for i := range d.Len() {
			p := d.Point(i)
			for k := range 2 {
				lo[k], hi[k] = math.Min(lo[k], p[k]), math.Max(hi[k], p[k])
			}
		}
	}
	p := plane{r: r}
	for k, rng := range []*[2]float64{&p.x1, &p.x2} {
		pad := math.Max(0.15*(hi[k]-lo[k]), (2-(hi[k]-lo[k]))/2)
		rng[0], rng[1] = lo[k]-pad, hi[k]+pad
	}
	return p
}

// px returns the pixel of the point (x1, x2).
func (p plane) px(x1, x2 float64) (float32, float32) {
	x := float64(p.r.Min.X) + (x1-p.x1[0])/(p.x1[1]-p.x1[0])*float64(p.r.Dx())
	y := float64(p.r.Max.Y) - (x2-p.x2[0])/(p.x2[1]-p.x2[0])*float64(p.r.Dy())
	return float32(x), float32(y)
}

// grid returns the centres of an n×n grid of cells over the plane, one point per row, row by
// row from the top left: what a map of n×n cells colours.
func (p plane) grid(n int) *mat.Dense {
	g := mat.NewDense(n*n, 2, nil)
	for j := range n {
		x2 := p.x2[1] - (float64(j)+0.5)/float64(n)*(p.x2[1]-p.x2[0])
		for i := range n {
			row := g.RawRowView(j*n + i)
			row[0] = p.x1[0] + (float64(i)+0.5)/float64(n)*(p.x1[1]-p.x1[0])
			row[1] = x2
		}
	}
	return g
}

// probLUT holds plots.ProbabilityColor at 1024 evenly spaced probabilities: a map of 10,000
// cells looks its colours up instead of mixing each (the step, 1/1023, is finer than a shade
// of 8-bit colour between white and the class colours' tints).
var (
	probLUT     [1024]color.RGBA
	probLUTOnce sync.Once
)

// probColor is plots.ProbabilityColor(p), from probLUT; NaN is transparent.
func probColor(p float64) color.RGBA {
	probLUTOnce.Do(func() {
		for i := range probLUT {
			probLUT[i] = plots.ProbabilityColor(float64(i) / float64(len(probLUT)-1))
		}
	})
	if math.IsNaN(p) {
		return color.RGBA{}
	}
	p = math.Min(math.Max(p, 0), 1)
	return probLUT[int(p*float64(len(probLUT)-1)+0.5)]
}

// axes draws the plane's frame and tick labels: x1 below, x2 on the left.
func (c *canvas) axes(p plane) {
	small, _, _ := faces()
	c.frame(p.r.Inset(-1), gray(90))
	for _, v := range ticks(p.x1[0], p.x1[1]) {
		x, _ := p.px(v, p.x2[0])
		xi := int(math.Round(float64(x)))
		c.fill(image.Rect(xi, p.r.Max.Y+1, xi+1, p.r.Max.Y+5), gray(90))
		c.text(small, xi, p.r.Max.Y+6, center, gray(60), formatTick(v))
	}
	for _, v := range ticks(p.x2[0], p.x2[1]) {
		_, y := p.px(p.x1[0], v)
		yi := int(math.Round(float64(y)))
		c.fill(image.Rect(p.r.Min.X-5, yi, p.r.Min.X-1, yi+1), gray(90))
		c.text(small, p.r.Min.X-7, yi-small.height()/2, right, gray(60), formatTick(v))
	}
}

// ticks returns round values in [lo, hi] about a sixth of the range apart: multiples of 1, 2
// or 5 times a power of ten.
func ticks(lo, hi float64) []float64 {
	if !(hi > lo) {
		return nil
	}
	raw := (hi - lo) / 6
	step := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*step >= raw {
			step *= m
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step) * step; v <= hi; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0 // not -0 or 1e-17
		}
		out = append(out, v)
	}
	return out
}

func formatTick(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// gray returns an opaque grey of level v.
func gray(v uint8) color.RGBA { return color.RGBA{v, v, v, 255} }

// isFinite reports whether v is a finite number.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
