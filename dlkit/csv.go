package dlkit

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/percept-go/percept/internal/safefile"
	"gonum.org/v1/gonum/mat"
)

// A ParseError reports a bad row in CSV data: where it is and what is wrong with it.
type ParseError struct {
	File   string // the file's path; empty when reading from an io.Reader
	Line   int    // line number, from 1
	Column int    // field number, from 1; 0 when the whole row is at fault
	Name   string // the column's name (from the header, or x1, ..., label); empty when Column is 0
	Err    error  // what is wrong; it may wrap ErrShape, ErrNotFinite, ErrLabel or ErrEmpty
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("dlkit: ")
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	fmt.Fprintf(&b, "line %d", e.Line)
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%s)", e.Name)
		}
	}
	return b.String() + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// ReadCSV reads a dataset from CSV data with one point per row, features first and the label
// (a class number: 0, 1, 2, ...) last:
//
//	x1,x2,...,xk,label
//
// The first row is a header, naming the columns, if none of its fields is a number. Blank
// lines and lines starting with # are skipped; spaces around numbers are allowed. A row with
// the wrong number of fields, a value that is not a finite number, or a label that is not a
// class number stops the reading with a *ParseError naming the line and column.
func ReadCSV(r io.Reader) (*Dataset, error) {
	c, err := readCSV(r, "", -1)
	if err != nil {
		return nil, err
	}
	return c.dataset(), nil
}

// LoadCSV reads a dataset from the CSV file at path, as ReadCSV does; its errors name the file.
func LoadCSV(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dlkit: %w", err)
	}
	defer f.Close()
	c, err := readCSV(bufio.NewReader(f), path, -1)
	if err != nil {
		return nil, err
	}
	return c.dataset(), nil
}

// LoadPoints reads points with the given number of features from the CSV file at path, for a
// model to predict: rows of that many features, each optionally followed by a label (the
// number of fields in the first row decides, for the whole file). labels is nil for a file
// without them. Otherwise it reads as LoadCSV does.
func LoadPoints(path string, features int) (points *mat.Dense, labels []float64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("dlkit: %w", err)
	}
	defer f.Close()
	c, err := readCSV(bufio.NewReader(f), path, features)
	if err != nil {
		return nil, nil, err
	}
	return mat.NewDense(len(c.data)/c.k, c.k, c.data), c.labels, nil
}

// csvData is what readCSV read.
type csvData struct {
	k      int // features per point
	data   []float64
	labels []float64 // nil without a label column
	names  []string  // the features', then the label's if there is one
}

func (c *csvData) dataset() *Dataset {
	return newDataset(len(c.labels), c.k, c.data, c.labels, c.names[:c.k:c.k], c.names[c.k])
}

// readCSV reads CSV data. With features < 0, the last column holds labels; otherwise the rows
// have features fields, or features + 1 with labels.
func readCSV(r io.Reader, file string, features int) (*csvData, error) {
	where := "CSV"
	if file != "" {
		where = file
	}
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1 // checked below, with a better message
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	var (
		names     []string // feature names, and then the label's
		data      []float64
		labels    []float64
		rowFields int
		labelled  = true
	)
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &ParseError{File: file, Line: pe.Line, Err: pe.Err}
			}
			return nil, fmt.Errorf("dlkit: reading %s: %w", where, err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			rowFields = len(rec)
			switch {
			case features < 0 && rowFields < 2:
				return nil, &ParseError{File: file, Line: line, Err: fmt.Errorf("%d field, want at least one feature and a label: %w", rowFields, ErrShape)}
			case features >= 0 && rowFields != features && rowFields != features+1:
				return nil, &ParseError{File: file, Line: line, Err: fmt.Errorf("%d fields, want %d features, and optionally a label: %w", rowFields, features, ErrShape)}
			}
			labelled = features < 0 || rowFields == features+1
			if isHeader(rec) {
				names = make([]string, len(rec))
				for j, f := range rec {
					names[j] = strings.TrimSpace(f)
				}
				continue
			}
			names = make([]string, rowFields)
			for j := range rowFields {
				names[j] = "x" + strconv.Itoa(j+1)
			}
			if labelled {
				names[rowFields-1] = "label"
			}
		}
		if len(rec) != rowFields {
			return nil, &ParseError{File: file, Line: line, Err: fmt.Errorf("%d fields, want %d: %w", len(rec), rowFields, ErrShape)}
		}
		for j, f := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			switch {
			case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
				err = fmt.Errorf("%q is beyond the float64 range: %w", f, ErrNotFinite)
			case err != nil:
				err = fmt.Errorf("%q is not a number", f)
			case math.IsNaN(v) || math.IsInf(v, 0):
				err = fmt.Errorf("%v: %w", v, ErrNotFinite)
			case labelled && j == rowFields-1 && !isClass(v):
				err = fmt.Errorf("%v is not a class number (0, 1, 2, ...): %w", v, ErrLabel)
			}
			if err != nil {
				l, _ := cr.FieldPos(j)
				return nil, &ParseError{File: file, Line: l, Column: j + 1, Name: names[j], Err: err}
			}
			if labelled && j == rowFields-1 {
				labels = append(labels, v)
			} else {
				data = append(data, v)
			}
		}
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("dlkit: %s has no data rows: %w", where, ErrEmpty)
	}
	k := rowFields
	if labelled {
		k--
	}
	return &csvData{k: k, data: data, labels: labels, names: names}, nil
}

// isHeader reports whether a first CSV row names columns: none of its fields is a number.
func isHeader(rec []string) bool {
	for _, f := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

// WriteCSV writes the dataset as CSV with a header row: the feature names, then the label's.
// Numbers are written in the shortest form that reads back to the same float64, so ReadCSV
// returns an identical dataset.
func (d *Dataset) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	rec := append(d.Names(), d.labelName)
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("dlkit: writing CSV: %w", err)
	}
	for i := range d.Len() {
		for j, v := range d.Point(i) {
			rec[j] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		rec[d.Dim()] = strconv.FormatFloat(d.y[i], 'g', -1, 64)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("dlkit: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("dlkit: writing CSV: %w", err)
	}
	return nil
}

// SaveCSV writes the dataset to the file at path with WriteCSV. It writes a temporary file
// next to it first and renames it into place, so an existing file is never left half written.
func (d *Dataset) SaveCSV(path string) error {
	if err := safefile.Write(path, d.WriteCSV); err != nil {
		return fmt.Errorf("dlkit: saving %s: %w", path, err)
	}
	return nil
}
