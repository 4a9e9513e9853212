package playground

import (
	"image"
	"image/color"
	"math"
)

// bars draws a bar chart in r: one bar per value, from 0 up, in its colour, with the value's
// axis on the left and, if there is room, each bar's label below it and its value above it.
func (c *canvas) bars(r image.Rectangle, values []float64, colors []color.RGBA, labels []string) {
	small, _, _ := faces()
	top := 0.0
	for _, v := range values {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			top = math.Max(top, v)
		}
	}
	if top == 0 {
		top = 1
	}
	top *= 1.12 // room for the values above the bars
	c.frame(r.Inset(-1), gray(90))
	yOf := func(v float64) int { return r.Max.Y - int(math.Round(v/top*float64(r.Dy()))) }
	for _, t := range ticks(0, top) {
		y := yOf(t)
		c.fill(image.Rect(r.Min.X, y, r.Max.X, y+1), gray(232))
		c.fill(image.Rect(r.Min.X-5, y, r.Min.X-1, y+1), gray(90))
		c.text(small, r.Min.X-7, y-small.height()/2, right, gray(60), formatTick(t))
	}
	n := len(values)
	if n == 0 {
		return
	}
	slot := float64(r.Dx()) / float64(n)
	width := math.Max(1, math.Min(60, slot*0.7))
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		mid := float64(r.Min.X) + (float64(i)+0.5)*slot
		x0 := int(math.Round(mid - width/2))
		x1 := max(x0+1, int(math.Round(mid+width/2)))
		y := yOf(math.Min(v, top))
		if v > 0 {
			y = min(y, r.Max.Y-2) // a small value still shows a bar
		}
		c.fill(image.Rect(x0, y, x1, r.Max.Y), colors[i%len(colors)])
		if slot >= 34 {
			c.text(small, int(mid), y-small.height()-1, center, gray(40), decimals(v, 3))
		}
		if slot >= 22 && i < len(labels) {
			c.text(small, int(mid), r.Max.Y+4, center, gray(60), labels[i])
		}
	}
}

// series is one curve of a chart of values per epoch.
type series struct {
	values []float64 // one per epoch, from the first
	col    color.RGBA
	width  float32
}

// curves draws values per epoch in r, from 0 up to the highest value, the epochs from 0 to the
// last. A curve with more epochs than r has pixels is drawn through one value per pixel column.
func (c *canvas) curves(r image.Rectangle, ss []series) {
	small, _, _ := faces()
	c.frame(r.Inset(-1), gray(90))
	top, n := 0.0, 0
	for _, s := range ss {
		for _, v := range s.values {
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				top = math.Max(top, v)
			}
		}
		n = max(n, len(s.values))
	}
	if top == 0 {
		top = 1
	}
	for _, t := range ticks(0, top) {
		y := r.Max.Y - int(math.Round(t/top*float64(r.Dy()-1)))
		c.fill(image.Rect(r.Min.X, y, r.Max.X, y+1), gray(235))
		c.text(small, r.Min.X-7, y-small.height()/2, right, gray(60), formatTick(t))
	}
	if n < 2 {
		return
	}
	w := r.Dx() - 1
	for _, s := range ss {
		k := len(s.values)
		if k < 2 {
			continue
		}
		cols := min(w+1, k) // points to draw through
		xy := make([]float32, 0, 2*cols)
		for p := range cols {
			e := p * (k - 1) / max(cols-1, 1) // the epoch shown at this point
			v := s.values[e]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			x := float32(r.Min.X) + float32(e)/float32(n-1)*float32(w)
			y := float32(r.Max.Y) - float32(v/top)*float32(r.Dy()-1)
			xy = append(xy, x, y)
		}
		c.polyline(xy, s.width, s.col)
	}
}
