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

// Show displays the figure inline in a GoNB notebook cell, as a PNG of the default size.
// Outside a notebook it does nothing and returns nil: programs use Save instead.
func Show(p *plot.Plot) error { return ShowSize(p, Width, Height) }

// ShowSize is Show with a size of one's choice.
func ShowSize(p *plot.Plot, w, h vg.Length) error {
	if !gonbui.IsNotebook {
		return nil
	}
	var buf bytes.Buffer
	if err := render(&buf, p, w, h, "png"); err != nil {
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

// Save writes the figure to a file in the default size, in the format its extension names:
// .png, .svg, .pdf, .eps, .jpg, .tif. The file is written whole or not at all.
func Save(p *plot.Plot, path string) error { return SaveSize(p, Width, Height, path) }

// SaveSize is Save with a size of one's choice.
func SaveSize(p *plot.Plot, w, h vg.Length, path string) error {
	format := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	err := safefile.Write(path, func(out io.Writer) error { return render(out, p, w, h, format) })
	if err != nil {
		return fmt.Errorf("plots: saving %s: %w", path, err)
	}
	return nil
}

// render draws p at size w×h in the given format ("png", "svg", ...) to out. Unlike gonum's
// own rendering, the legend, if there is one, goes to the right of the plot, where it cannot
// hide data.
func render(out io.Writer, p *plot.Plot, w, h vg.Length, format string) error {
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return err
	}
	dc := draw.New(c)
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
