package plots

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a figure of plots in rows and columns, their plot areas aligned. Nil entries are
// left empty. Width and Height are the size Show and Save give it (0: the defaults).
type Grid struct {
	Plots         [][]*plot.Plot
	Width, Height vg.Length
}

// Draw draws the grid on the canvas.
func (g *Grid) Draw(c draw.Canvas) {
	if len(g.Plots) == 0 {
		return
	}
	tiles := draw.Tiles{Rows: len(g.Plots), Cols: len(g.Plots[0]), PadX: vg.Points(8), PadY: vg.Points(8), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(g.Plots, tiles, c)
	for r, row := range g.Plots {
		for k, p := range row {
			if p != nil {
				p.Draw(canvases[r][k])
			}
		}
	}
}

// Size returns the size the grid asks to be shown at.
func (g *Grid) Size() (w, h vg.Length) { return g.Width, g.Height }

// Row returns a Grid of the plots side by side, each 3.6 inches square. Their legends are left
// out, as a row has no room beside each plot for one; the plots themselves are not changed.
func Row(ps ...*plot.Plot) *Grid {
	row := make([]*plot.Plot, len(ps))
	for i, p := range ps {
		q := *p
		q.Legend = plot.Legend{TextStyle: p.Legend.TextStyle, YPosition: p.Legend.YPosition}
		row[i] = &q
	}
	return &Grid{Plots: [][]*plot.Plot{row}, Width: vg.Length(len(ps)) * 3.6 * vg.Inch, Height: 3.6 * vg.Inch}
}
