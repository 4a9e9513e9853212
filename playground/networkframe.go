package playground

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
	"gonum.org/v1/gonum/mat"
)

// The network playground's frame, in pixels: the network on the left, the big map on the
// right with the loss curves under it.
var (
	nFrameW   = 1120
	nFrameH   = 620
	nDiagram  = image.Rect(74, 64, 640, 600) // where the units go (the inputs' names left of it)
	nMap      = image.Rect(690, 40, 1090, 440)
	nCurves   = image.Rect(690, 520, 1090, 600)
	nCells    = 100 // the big map's cells along each side
	nThumbs   = 20  // a unit's small map's cells along each side (every fifth of the big map's)
	nMaxThumb = 44  // the largest a unit's small map is drawn, in pixels
)

// frameCache keeps what frames share while the plane stays: the grid of points the maps are
// computed on, and the buffers of the forward pass.
type frameCache struct {
	p      plane
	grid   *mat.Dense
	out    dlkit.LayerOutputs
	colors []color.RGBA
	proba  []float64
	hi     []float64 // per layer (0: the inputs), the largest |value| on the grid; 0: not yet found
	canvas *canvas   // the last frame's, painted over for the next
}

// column is one layer of the drawn network: its title and its units' squares.
type column struct {
	title  string
	labels []string // the inputs' names
	units  []image.Rectangle
}

// layout places the network's units: the inputs, each hidden layer, the output.
func (a *networkApp) layout() []column {
	widths := []int{a.net.Inputs.Width()}
	widths = append(widths, a.hidden...)
	outputs := 1
	if a.net.Classes > 2 {
		outputs = a.net.Classes
	}
	widths = append(widths, outputs)
	most := 0
	for _, w := range widths {
		most = max(most, w)
	}
	k := len(widths)
	spacing := float64(nDiagram.Dx()) / float64(k)
	// Units of side s with gaps of s/3 fill the diagram's height at most, and half the
	// spacing of the columns at most, so that links have room.
	s := math.Min(float64(nMaxThumb), math.Min(spacing/2, float64(nDiagram.Dy())/(float64(most)+float64(most-1)/3)))
	side := max(6, int(s))
	gap := float64(side) / 3
	cols := make([]column, k)
	for c, w := range widths {
		x := nDiagram.Min.X + int(spacing*(float64(c)+0.5)) - side/2
		height := float64(w)*float64(side) + float64(w-1)*gap
		top := float64(nDiagram.Min.Y) + (float64(nDiagram.Dy())-height)/2
		for u := range w {
			y := int(top + float64(u)*(float64(side)+gap))
			cols[c].units = append(cols[c].units, image.Rect(x, y, x+side, y+side))
		}
		switch {
		case c == 0:
			cols[c].title = count(w, "input")
			cols[c].labels = a.inputLabels()
		case c == k-1:
			cols[c].title = "output"
		default:
			cols[c].title = fmt.Sprintf("layer %d: %d", c, w)
		}
	}
	return cols
}

// count writes "1 input", "2 inputs".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// unitAt returns the unit drawn at the frame's pixel "x,y", if any.
func (a *networkApp) unitAt(xy string) (unitRef, bool) {
	sx, sy, ok := strings.Cut(xy, ",")
	x, err1 := strconv.Atoi(sx)
	y, err2 := strconv.Atoi(sy)
	if !ok || err1 != nil || err2 != nil {
		return unitRef{}, false
	}
	pt := image.Point{X: x, Y: y}
	cols := a.layout()
	for c, col := range cols {
		for u, r := range col.units {
			if pt.In(r.Inset(-3)) {
				if c == len(cols)-1 {
					return outputUnit, true
				}
				return unitRef{c, u}, true
			}
		}
	}
	if pt.In(nMap) {
		return outputUnit, true // a click on the big map brings the output back
	}
	return unitRef{}, false
}

func (a *networkApp) hotspots() []hotspot {
	var h []hotspot
	cols := a.layout()
	for c, col := range cols {
		for u, r := range col.units {
			ref := unitRef{c, u}
			if c == len(cols)-1 {
				ref = outputUnit
			}
			h = append(h, hotspotOf(a.unitTitle(ref), r))
		}
	}
	return append(h, hotspotOf("output", nMap))
}

// plane returns the plane the maps show: the points' range, padded, and at least [−6, 6]
// (TensorFlow Playground's) each way.
func (a *networkApp) plane() plane {
	p := dataPlane(nMap, a.train, a.test)
	for _, r := range []*[2]float64{&p.x1, &p.x2} {
		r[0], r[1] = math.Min(r[0], -6), math.Max(r[1], 6)
	}
	return p
}

func (a *networkApp) frame() ([]byte, error) {
	img, err := a.draw()
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// draw paints the frame.
func (a *networkApp) draw() (*image.RGBA, error) {
	p := a.plane()
	fc := &a.cache
	if fc.grid == nil || fc.p != p {
		fc.p, fc.grid = p, p.grid(nCells)
		fc.colors = make([]color.RGBA, nCells*nCells)
	}
	if err := a.net.ForwardLayers(&fc.out, fc.grid); err != nil {
		return nil, err
	}
	fc.hi = make([]float64, len(a.hidden)+1)
	if fc.canvas == nil {
		fc.canvas = newCanvas(nFrameW, nFrameH)
	}
	c := fc.canvas
	c.fill(c.img.Rect, color.RGBA{255, 255, 255, 255})
	small, normal, bold := faces()

	// The network: links first, then the units' maps over them.
	cols := a.layout()
	for l := range len(cols) - 1 {
		var w *mat.Dense
		if l < len(a.net.Hidden) {
			w = a.net.Hidden[l].W
		} else {
			w = a.net.Output.W
		}
		for i, from := range cols[l].units {
			for j, to := range cols[l+1].units {
				v := w.At(i, min(j, w.RawMatrix().Cols-1))
				c.link(from, to, v)
			}
		}
	}
	for ci, col := range cols {
		for u, r := range col.units {
			ref := unitRef{ci, u}
			if ci == len(cols)-1 {
				ref = outputUnit
			}
			a.unitColors(fc, ref, u, nThumbs)
			c.cells(r, nThumbs, nThumbs, fc.colors[:nThumbs*nThumbs])
			if ref == a.selected {
				c.frame(r.Inset(-3), gray(20))
				c.frame(r.Inset(-2), gray(20))
			} else {
				c.frame(r.Inset(-1), gray(150))
			}
			if ci == 0 && u < len(col.labels) {
				c.text(small, r.Min.X-6, r.Min.Y+r.Dy()/2-small.height()/2, right, gray(30), col.labels[u])
			}
		}
		if len(col.units) > 0 {
			c.text(small, col.units[0].Min.X+col.units[0].Dx()/2, nDiagram.Min.Y-18, center, gray(30), col.title)
		}
	}

	// The big map, with the points.
	a.unitColors(fc, a.selected, a.selected.unit, nCells)
	c.cells(p.r, nCells, nCells, fc.colors)
	r := markRadius(a.train.Len()+a.test.Len(), p.r.Dx())
	c.points(p, a.train, r, false)
	if a.showTest {
		c.points(p, a.test, r, true)
	}
	c.axes(p)
	title := "output: the network's prediction"
	if a.selected != outputUnit {
		title = a.unitTitle(a.selected) + " (click the map for the output)"
	}
	c.text(bold, nMap.Min.X, 14, left, gray(20), title)

	// The epoch and the losses.
	c.text(bold, 14, 10, left, gray(20), "Epoch "+strconv.Itoa(a.epoch))
	c.text(small, 110, 12, left, gray(60), fmt.Sprintf("learning rate %s · batch %d · %s · %s", strconv.FormatFloat(a.rate, 'g', -1, 64),
		a.batch, a.act, a.regName()))
	te, tr := a.testLoss[len(a.testLoss)-1], a.trainLoss[len(a.trainLoss)-1]
	y := nCurves.Min.Y - 40
	c.text(normal, nCurves.Min.X, y, left, gray(20), "test loss "+decimals(te, 4))
	c.text(normal, nCurves.Min.X+170, y, left, gray(110), "training loss "+decimals(tr, 4))
	c.text(small, nCurves.Min.X, y+18, left, gray(60), fmt.Sprintf("test accuracy %.1f%%", 100*a.testAccuracy))
	c.fill(image.Rect(nCurves.Min.X+130, y+8, nCurves.Min.X+160, y+10), gray(30))
	c.fill(image.Rect(nCurves.Min.X+320, y+8, nCurves.Min.X+350, y+10), gray(150))
	c.curves(nCurves, []series{{a.trainLoss, gray(150), 1.5}, {a.testLoss, gray(30), 1.8}})
	c.text(small, nCurves.Max.X, nCurves.Max.Y+3, right, gray(60), "epoch "+strconv.Itoa(a.epoch))
	return c.img, nil
}

func (a *networkApp) regName() string {
	if a.reg == 0 {
		return "no regularisation"
	}
	return regularizers[a.reg] + " " + strconv.FormatFloat(a.regRate, 'g', -1, 64)
}

// unitTitle names a unit for the big map's title.
func (a *networkApp) unitTitle(r unitRef) string {
	if r == outputUnit {
		return "output"
	}
	if r.layer == 0 {
		return "input " + a.inputLabels()[r.unit]
	}
	return fmt.Sprintf("layer %d, unit %d", r.layer, r.unit+1)
}

// unitColors fills fc.colors with the map of unit r (u: which output unit, for several
// classes) on an n×n grid: n is nCells for the big map, or nThumbs for a small one, whose
// cells are every (nCells/n)th of the big map's. The output is coloured as plots colours
// predictions (plots.ProbabilityColor, RegionColor; full tints when discretised); inputs and
// hidden units as plots.NeuronMaps colours them: orange where high, blue where low, white at
// 0, scaled by the largest value in their layer.
func (a *networkApp) unitColors(fc *frameCache, r unitRef, u, n int) {
	stride := nCells / n
	at := func(i, j int) int { return (j*stride+stride/2)*nCells + i*stride + stride/2 } // grid point of cell (i, j)
	if r == outputUnit {
		for j := range n {
			for i := range n {
				fc.proba = fc.out.Proba(fc.proba, at(i, j))
				if a.discretize {
					k := slices.Index(fc.proba, slices.Max(fc.proba))
					for q := range fc.proba {
						fc.proba[q] = 0
					}
					fc.proba[k] = 1
				}
				switch {
				case a.net.Classes == 2:
					fc.colors[j*n+i] = probColor(fc.proba[1])
				case n == nThumbs:
					fc.colors[j*n+i] = probColor(fc.proba[u]) // one small map per class
				default:
					fc.colors[j*n+i] = plots.RegionColor(fc.proba)
				}
			}
		}
		return
	}
	var vals *mat.Dense
	if r.layer == 0 {
		vals = fc.out.Inputs()
	} else {
		vals = fc.out.Hidden(r.layer - 1)
	}
	raw := vals.RawMatrix()
	if fc.hi[r.layer] == 0 {
		hi := 0.0
		for _, v := range raw.Data[:raw.Rows*raw.Stride] {
			if v > hi {
				hi = v
			} else if -v > hi {
				hi = -v
			}
		}
		if hi == 0 {
			hi = 1
		}
		fc.hi[r.layer] = hi
	}
	hi := fc.hi[r.layer]
	for j := range n {
		for i := range n {
			v := raw.Data[at(i, j)*raw.Stride+r.unit]
			fc.colors[j*n+i] = probColor(0.5 + v/(2*hi))
		}
	}
}

// link draws the link of weight w from unit square a to unit square b: as wide as the weight
// is large, orange if it is positive and blue if negative (as a unit's map is orange where it
// is high: a positive link carries that on).
func (c *canvas) link(a, b image.Rectangle, w float64) {
	if !isFinite(w) || w == 0 {
		return
	}
	col := plots.ClassColor(1)
	if w < 0 {
		col = plots.ClassColor(0)
	}
	m := math.Min(math.Abs(w), 3)
	col.A = uint8(90 + 50*m) // stronger links stand out
	width := float32(0.5 + 1.5*m)
	x0, y0 := float32(a.Max.X), float32(a.Min.Y+a.Dy()/2)
	x1, y1 := float32(b.Min.X), float32(b.Min.Y+b.Dy()/2)
	c.line(x0, y0, x1, y1, width, premultiply(col))
}

// premultiply returns c with its colour scaled by its alpha, as image/color's RGBA holds it.
func premultiply(c color.RGBA) color.RGBA {
	f := float64(c.A) / 255
	s := func(v uint8) uint8 { return uint8(math.Round(float64(v) * f)) }
	return color.RGBA{s(c.R), s(c.G), s(c.B), c.A}
}
