package plots

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/percept-go/percept/internal/safefile"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The size Show and Save give figures: 6 by 4.5 inches, 576 by 432 pixels in a PNG.
const (
	Width  = 6 * vg.Inch
	Height = 4.5 * vg.Inch
)

// Figure is what Show and Save draw: a *plot.Plot, a *Grid, or anything else that draws
// itself on a canvas. A figure with a Size() (w, h vg.Length) method is shown at that size.
type Figure interface {
	Draw(c draw.Canvas)
}

// Show displays the figure inline in a GoNB notebook cell, as a PNG of its size (6 by 4.5
// inches unless it says otherwise). Outside a notebook it does nothing and returns nil:
// programs use Save instead.
func Show(f Figure) error {
	w, h := figureSize(f)
	return ShowSize(f, w, h)
}

// figureSize returns the size a figure asks for, or the default.
func figureSize(f Figure) (w, h vg.Length) {
	w, h = Width, Height
	if s, ok := f.(interface{ Size() (w, h vg.Length) }); ok {
		if sw, sh := s.Size(); sw > 0 && sh > 0 {
			w, h = sw, sh
		}
	}
	return w, h
}

// ShowSize is Show with a size of one's choice.
func ShowSize(f Figure, w, h vg.Length) error {
	if !gonbui.IsNotebook {
		return nil
	}
	var buf bytes.Buffer
	if err := render(&buf, f, w, h, "png"); err != nil {
		return fmt.Errorf("plots: rendering PNG: %w", err)
	}
	gonbui.DisplayPng(buf.Bytes())
	// Wait until GoNB has the figure: a cell whose program ends right after showing it could
	// otherwise end before the figure is displayed.
	gonbui.Sync()
	if err := gonbui.Error(); err != nil {
		return fmt.Errorf("plots: displaying in the notebook: %w", err)
	}
	return nil
}

// Save writes the figure to a file at its size (as Show), in the format its extension names:
// .png, .svg, .pdf, .eps, .jpg, .tif. The file is written whole or not at all.
func Save(f Figure, path string) error {
	w, h := figureSize(f)
	return SaveSize(f, w, h, path)
}

// SaveSize is Save with a size of one's choice.
func SaveSize(f Figure, w, h vg.Length, path string) error {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	err := safefile.Write(path, func(out io.Writer) error { return render(out, f, w, h, format) })
	if err != nil {
		return fmt.Errorf("plots: saving %s: %w", path, err)
	}
	return nil
}

// render draws f at size w×h in the given format ("png", "svg", ...) to out. Unlike gonum's
// own rendering, a plot's legend, if it has one, goes to the right of the plot, where it
// cannot hide data.
func render(out io.Writer, f Figure, w, h vg.Length, format string) error {
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
	p, isPlot := f.(*plot.Plot)
	if !isPlot {
		f.Draw(dc)
		_, err = c.WriteTo(out)
		return err
	}
	legend := p.Legend
	if r := legend.Rectangle(dc); r.Max.X > r.Min.X {
		const gap = vg.Length(12) // between the plot and the legend, and after the legend
		lw := r.Max.X - r.Min.X + 2*gap
		q := *p // the same plot without its legend, drawn to the left
		q.Legend = plot.Legend{TextStyle: legend.TextStyle, YPosition: legend.YPosition}
		q.Draw(draw.Crop(dc, 0, -lw, 0, 0))
		top := gap / 2
		if p.Title.Text != "" {
			top += p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding
		}
		legend.Top, legend.Left = true, true
		legend.Draw(draw.Crop(dc, w-lw+gap, -gap, 0, -top))
	} else {
		p.Draw(dc)
	}
	_, err = c.WriteTo(out)
	return err
}
