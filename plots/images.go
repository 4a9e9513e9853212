package plots

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Digits returns a grid of the dataset's points with the given indices drawn as square
// grey-scale images (ink 1 is black, 0 white), such as MNIST digits, with a caption under
// each: captions[i] if given, else "label k". The points must have a square number of features.
func Digits(d *dlkit.Dataset, indices []int, captions []string) (*Grid, error) {
	side := int(math.Round(math.Sqrt(float64(d.Dim()))))
	if side*side != d.Dim() {
		return nil, fmt.Errorf("plots: %d features do not make a square image", d.Dim())
	}
	if captions != nil && len(captions) != len(indices) {
		return nil, fmt.Errorf("plots: %d captions for %d images", len(captions), len(indices))
	}
	images := make([]image.Image, len(indices))
	names := make([]string, len(indices))
	for k, i := range indices {
		if i < 0 || i >= d.Len() {
			return nil, fmt.Errorf("plots: index %d is outside the dataset's %d points", i, d.Len())
		}
		img := image.NewGray(image.Rect(0, 0, side, side))
		for j, v := range d.Point(i) {
			img.Pix[j] = uint8(255 - math.Round(255*math.Min(math.Max(v, 0), 1)))
		}
		images[k] = img
		names[k] = "label " + strconv.Itoa(int(d.Label(i)))
		if captions != nil {
			names[k] = captions[k]
		}
	}
	return imageGrid(images, names, 10)
}

// WeightImages returns, for the first units of a network's first hidden layer, the weights
// from each input pixel drawn as an image of the input's shape: orange where a dark pixel
// raises the unit's output, blue where it lowers it, white where it does not matter. They are
// the features the layer looks for. The inputs must form a square image.
func WeightImages(m *dlkit.MLP, units int) (*Grid, error) {
	w := m.Output.W
	if len(m.Hidden) > 0 {
		w = m.Hidden[0].W
	}
	in, out := w.Dims()
	side := int(math.Round(math.Sqrt(float64(in))))
	if side*side != in {
		return nil, fmt.Errorf("plots: %d inputs do not make a square image", in)
	}
	units = min(units, out)
	images := make([]image.Image, units)
	names := make([]string, units)
	for u := range units {
		col := make([]float64, in)
		hi := 0.0
		for j := range in {
			col[j] = w.At(j, u)
			hi = math.Max(hi, math.Abs(col[j]))
		}
		if hi == 0 {
			hi = 1
		}
		img := image.NewRGBA(image.Rect(0, 0, side, side))
		for j, v := range col {
			img.SetRGBA(j%side, j/side, ProbabilityColor(0.5+v/(2*hi)))
		}
		images[u] = img
		names[u] = "unit " + strconv.Itoa(u+1)
	}
	return imageGrid(images, names, 8)
}

// imageGrid lays images out cols to a row, each enlarged without smoothing and captioned.
func imageGrid(images []image.Image, captions []string, cols int) (*Grid, error) {
	if len(images) == 0 {
		return nil, errors.New("plots: no images")
	}
	cols = min(cols, len(images))
	rows := (len(images) + cols - 1) / cols
	g := &Grid{Plots: make([][]*plot.Plot, rows), Width: vg.Length(cols) * 1.1 * vg.Inch, Height: vg.Length(rows) * 1.25 * vg.Inch}
	for r := range g.Plots {
		g.Plots[r] = make([]*plot.Plot, cols)
	}
	for k, img := range images {
		b := img.Bounds()
		p := plot.New()
		p.HideAxes()
		p.Title.Text = captions[k]
		p.Title.TextStyle.Font.Size = vg.Points(8)
		p.Add(plotter.NewImage(enlarge(img, 4), 0, 0, float64(b.Dx()), float64(b.Dy())))
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(b.Dx()), 0, float64(b.Dy())
		g.Plots[k/cols][k%cols] = p
	}
	return g, nil
}

// enlarge returns img scaled up by an integer factor, each pixel a block, so that drawing it
// larger does not blur it.
func enlarge(img image.Image, f int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()*f, b.Dy()*f))
	for y := range b.Dy() * f {
		for x := range b.Dx() * f {
			out.Set(x, y, img.At(b.Min.X+x/f, b.Min.Y+y/f))
		}
	}
	return out
}

// ConfusionMatrix returns a heat map of a confusion matrix, as dlkit.Metrics holds it
// (confusion[t][p] points of true class t predicted p), with each count written in its cell:
// the diagonal holds the right answers, everything else a kind of mistake.
func ConfusionMatrix(confusion [][]int) (*plot.Plot, error) {
	k := len(confusion)
	if k == 0 {
		return nil, errors.New("plots: empty confusion matrix")
	}
	most := 0
	for t, row := range confusion {
		if len(row) != k {
			return nil, fmt.Errorf("plots: confusion row %d has %d counts, want %d", t, len(row), k)
		}
		for p, c := range row {
			if c < 0 {
				return nil, fmt.Errorf("plots: count %d at (%d, %d)", c, t, p)
			}
			if t != p {
				most = max(most, c)
			}
		}
	}
	// Cells shaded by their count: the diagonal green, mistakes red, on a square-root scale so
	// that a few mistakes still show.
	img := image.NewRGBA(image.Rect(0, 0, k, k))
	labels := plotter.XYLabels{}
	diag := 0
	for t := range k {
		diag = max(diag, confusion[t][t])
	}
	for t, row := range confusion {
		for p, c := range row {
			base, top := ClassColor(3), max(most, 1)
			if t == p {
				base, top = ClassColor(2), max(diag, 1)
			}
			img.SetRGBA(p, t, tint(base, 0.85*math.Sqrt(float64(c)/float64(top))))
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(p) + 0.5, Y: float64(k-1-t) + 0.5})
			labels.Labels = append(labels.Labels, strconv.Itoa(c))
		}
	}
	// image rows run top to bottom: row 0, true class 0, at the top.
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = "predicted", "true"
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(plotter.NewImage(enlarge(img, 24), 0, 0, float64(k), float64(k)))
	l, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].XAlign, l.TextStyle[i].YAlign = draw.XCenter, draw.YCenter
		l.TextStyle[i].Font.Size = vg.Points(8)
		l.TextStyle[i].Color = color.Black
	}
	p.Add(l)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, float64(k), 0, float64(k)
	ticks := make([]plot.Tick, k)
	yticks := make([]plot.Tick, k)
	for i := range k {
		ticks[i] = plot.Tick{Value: float64(i) + 0.5, Label: strconv.Itoa(i)}
		yticks[i] = plot.Tick{Value: float64(k-1-i) + 0.5, Label: strconv.Itoa(i)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Marker = plot.ConstantTicks(yticks)
	return p, nil
}

// Series is one line of a Lines figure.
type Series struct {
	Name string
	X, Y []float64
}

// Lines returns a figure of one or more series as lines with a dot at each point, such as
// accuracy against the number of training images.
func Lines(xLabel, yLabel string, series ...Series) (*plot.Plot, error) {
	if len(series) == 0 {
		return nil, errors.New("plots: no series to draw")
	}
	p := newPlot()
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.Add(plotter.NewGrid())
	for i, s := range series {
		if len(s.X) != len(s.Y) || len(s.X) == 0 {
			return nil, fmt.Errorf("plots: series %d (%q) has %d x and %d y values", i, s.Name, len(s.X), len(s.Y))
		}
		xys := make(plotter.XYs, len(s.X))
		for j := range s.X {
			xys[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("plots: series %d (%q): %w", i, s.Name, err)
		}
		line.LineStyle = draw.LineStyle{Color: ClassColor(i), Width: vg.Points(1.8)}
		points.GlyphStyle = ClassGlyph(i)
		p.Add(line, points)
		if s.Name != "" {
			p.Legend.Add(s.Name, line, points)
		}
	}
	return p, nil
}
