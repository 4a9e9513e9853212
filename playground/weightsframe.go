package playground

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// The weight playground's frame, in pixels: the map of the current choice on the left, each
// point's error on the right, and the pinned choices in a row below with their summed errors
// side by side.
var (
	wMap      = image.Rect(60, 34, 460, 434)  // the current choice's map
	wBars     = image.Rect(560, 54, 940, 434) // each point's cross-entropy
	wFrameW   = 960
	wFrameH   = 490 // without pins
	wPinTop   = 520
	wPinSide  = 150 // a pinned choice's map
	wPinStep  = 172
	wCompare  = image.Rect(60+maxPins*172+30, wPinTop, 940, wPinTop+150)
	wFrameHP  = wPinTop + 150 + 48 // with pins
	wMapCells = 100                // cells along each side of the main map
	wPinCells = 50
)

// pinRect returns the rectangle of pinned choice k's map.
func pinRect(k int) image.Rectangle {
	x := wMap.Min.X + k*wPinStep
	return image.Rect(x, wPinTop, x+wPinSide, wPinTop+wPinSide)
}

// pinAt returns the pinned choice whose map holds the frame's pixel "x,y", if any.
func (a *weightsApp) pinAt(xy string) (int, bool) {
	sx, sy, ok := strings.Cut(xy, ",")
	x, err1 := strconv.Atoi(sx)
	y, err2 := strconv.Atoi(sy)
	if !ok || err1 != nil || err2 != nil {
		return 0, false
	}
	for k := range a.pins {
		if (image.Point{X: x, Y: y}).In(pinRect(k)) {
			return k, true
		}
	}
	return 0, false
}

func (a *weightsApp) hotspots() []hotspot {
	var h []hotspot
	for k, pin := range a.pins {
		h = append(h, hotspotOf(fmt.Sprintf("pinned choice %d: %s", k+1, pin), pinRect(k)))
	}
	return h
}

func (a *weightsApp) frame() ([]byte, error) {
	img, err := a.draw()
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// draw paints the frame.
func (a *weightsApp) draw() (*image.RGBA, error) {
	d := a.data[a.cur]
	h := wFrameH
	if len(a.pins) > 0 {
		h = wFrameHP
	}
	c := newCanvas(wFrameW, h)
	small, normal, bold := faces()
	s, err := a.score(a.choice)
	if err != nil {
		return nil, err
	}
	p := dataPlane(wMap, d.d)
	if err := c.choiceMap(p, d.d, a.choice, wMapCells); err != nil {
		return nil, err
	}
	c.axes(p)
	c.text(bold, wMap.Min.X, 8, left, gray(20), fmt.Sprintf("%s on %s", a.choice, d.name))
	c.text(small, wMap.Max.X, wMap.Max.Y+22, right, gray(60), "x1")
	c.text(small, wMap.Min.X-34, wMap.Min.Y-2, left, gray(60), "x2")
	c.text(normal, wMap.Min.X, wMap.Max.Y+32, left, gray(20), fmt.Sprintf("summed cross-entropy %s   mean %s   accuracy %.1f%%",
		decimals(s.sum, 4), decimals(s.mean, 4), 100*s.accuracy))

	colors := make([]color.RGBA, d.d.Len())
	labels := make([]string, d.d.Len())
	for i := range colors {
		colors[i] = plots.ClassColor(int(d.d.Label(i)))
		labels[i] = strconv.Itoa(i + 1)
	}
	c.text(bold, wBars.Min.X, 8, left, gray(20), "each point's cross-entropy")
	c.text(small, wBars.Min.X, 26, left, gray(60), "the bar's colour is the point's label; the sum is the choice's error")
	c.bars(wBars, s.each, colors, labels)

	if len(a.pins) == 0 {
		return c.img, nil
	}
	c.text(bold, wMap.Min.X, wPinTop-24, left, gray(20), "pinned choices (click one to go back to it)")
	sums := make([]float64, 0, len(a.pins)+1)
	names := make([]string, 0, len(a.pins)+1)
	for k, pin := range a.pins {
		r := pinRect(k)
		if err := c.choiceMap(dataPlane(r, d.d), d.d, pin, wPinCells); err != nil {
			return nil, err
		}
		c.frame(r.Inset(-1), gray(90))
		ps, err := a.score(pin)
		if err != nil {
			return nil, err
		}
		c.text(small, r.Min.X, r.Max.Y+4, left, gray(20), strconv.Itoa(k+1)+": "+pin.String())
		c.text(small, r.Min.X, r.Max.Y+18, left, gray(60), "sum "+decimals(ps.sum, 4))
		sums = append(sums, ps.sum)
		names = append(names, strconv.Itoa(k+1))
	}
	sums = append(sums, s.sum)
	names = append(names, "now")
	best := 0
	for i, v := range sums {
		if v < sums[best] {
			best = i
		}
	}
	barColors := make([]color.RGBA, len(sums))
	for i := range barColors {
		barColors[i] = color.RGBA{150, 150, 150, 255}
		if i == best {
			barColors[i] = color.RGBA{44, 160, 44, 255} // as plots.ErrorComparison marks the lowest
		}
	}
	c.text(small, wCompare.Min.X, wPinTop-20, left, gray(20), "summed errors (lowest green)")
	c.bars(wCompare, sums, barColors, names)
	return c.img, nil
}

// choiceMap paints the map of the sigmoid unit of choice w over the plane p (cells×cells
// cells of its probability of label 1, as plots.ProbabilityMap colours it), its boundary, and
// the points of d.
func (c *canvas) choiceMap(p plane, d *dlkit.Dataset, w weightChoice, cells int) error {
	unit := dlkit.Perceptron{Weights: w.weights(), Bias: w.b, Activation: dlkit.Sigmoid}
	probs, err := unit.ForwardBatch(nil, p.grid(cells))
	if err != nil {
		return err
	}
	colors := make([]color.RGBA, len(probs))
	for i, v := range probs {
		colors[i] = probColor(v)
	}
	c.cells(p.r, cells, cells, colors)
	if line, err := dlkit.DecisionBoundary(w.weights(), w.b); err == nil {
		if a, b, ok := line.Clip(p.x1[0], p.x1[1], p.x2[0], p.x2[1]); ok {
			x0, y0 := p.px(a[0], a[1])
			x1, y1 := p.px(b[0], b[1])
			c.line(x0, y0, x1, y1, 2, gray(40))
		}
	} else if !errors.Is(err, dlkit.ErrNoBoundary) {
		return err
	}
	c.points(p, d, markRadius(d.Len(), p.r.Dx()), false)
	return nil
}

// points draws d's points on the plane as marks of radius r, hollow for test points.
func (c *canvas) points(p plane, d *dlkit.Dataset, r float32, hollow bool) {
	for i := range d.Len() {
		x := d.Point(i)
		px, py := p.px(x[0], x[1])
		c.mark(int(d.Label(i)), px, py, r, hollow)
	}
}
