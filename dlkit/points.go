package dlkit

import (
	"fmt"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Points are points for a network to predict, as LoadPointsFor reads them from a file: one
// per row of X, with their labels if the file has them, and the line each came from. A
// Dataset's points are Points too ([Dataset.Points]).
type Points struct {
	X      *mat.Dense
	Labels []float64 // nil for points without labels
	src    *source
}

// Where names point i for a message: "data.csv: line 12" for a point read from a file,
// "point 11" (counting from 0) for others.
func (p *Points) Where(i int) string { return p.src.where(i) }

// Points returns the dataset's points and labels, sharing its storage.
func (d *Dataset) Points() *Points { return &Points{X: d.matrix(), Labels: d.y, src: d.src} }

// where names point i of the dataset for a message, as Points.Where does.
func (d *Dataset) where(i int) string { return d.src.where(i) }

// source says where the rows of a dataset or of points came from: the lines of a file (file
// is "" for data from an io.Reader). A nil *source is data made in memory.
type source struct {
	file  string
	lines lineIndex
}

func (s *source) where(i int) string {
	if s == nil {
		return fmt.Sprintf("point %d", i)
	}
	if s.file == "" {
		return fmt.Sprintf("line %d", s.lines.of(i))
	}
	return fmt.Sprintf("%s: line %d", s.file, s.lines.of(i))
}

// lineIndex maps the index of a row to its line in the file. It stores only where the lines
// jump (after blank lines, comments, or a field over several lines): for a file without those
// it holds one pair, however many rows there are.
type lineIndex struct {
	row, line []int // row[j] is on line[j]; the rows after it follow on the lines after it
}

// add records that row i (one more than the last added) is on the given line.
func (x *lineIndex) add(i, line int) {
	if n := len(x.row); n > 0 && x.line[n-1]+i-x.row[n-1] == line {
		return
	}
	x.row = append(x.row, i)
	x.line = append(x.line, line)
}

// of returns the line of row i.
func (x *lineIndex) of(i int) int {
	j := sort.SearchInts(x.row, i+1) - 1 // the last jump at or before i
	if j < 0 {
		return i + 1
	}
	return x.line[j] + i - x.row[j]
}
