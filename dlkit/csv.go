package dlkit

import (
	"bufio"
	"bytes"
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
			fmt.Fprintf(&b, " (%s)", printable(e.Name))
		}
	}
	return b.String() + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// printable returns s, or s quoted if it holds what a one-line message cannot show as it is:
// line breaks, other control characters, invalid UTF-8.
func printable(s string) string {
	if q := strconv.Quote(s); q[1:len(q)-1] != s {
		return q
	}
	return s
}

// ReadCSV reads a dataset from CSV data with one point per row, features first and the label
// (a class number: 0, 1, 2, ... below MaxClasses) last:
//
//	x1,x2,...,xk,label
//
// The first row is a header, naming the columns, if none of its fields is a finite number or
// if any of them is in quotes (so a name that looks like a number is written "1"). A UTF-8 byte
// order mark before the first row is skipped. Lines with nothing but spaces and lines starting
// with # are skipped; spaces around fields are allowed; lines may end in \n or \r\n. A number
// is what Go's strconv.ParseFloat reads: 3, -0.5, 1e-3, +2, 0x1p-2, with or without quotes. A
// row with the wrong number of fields, a value that is not a finite number, a label that is not
// a class number, or data beyond the limits (MaxFeatures, MaxPoints, MaxValues, MaxLineBytes)
// stops the reading with a *ParseError naming the line (from 1) and column.
func ReadCSV(r io.Reader) (*Dataset, error) {
	c, err := readCSV(r, "", -1, MaxClasses)
	if err != nil {
		return nil, err
	}
	return c.dataset(), nil
}

// LoadCSV reads a dataset from the CSV file at path, as ReadCSV does; its errors name the file.
func LoadCSV(path string) (*Dataset, error) {
	c, err := loadCSV(path, -1, MaxClasses)
	if err != nil {
		return nil, err
	}
	return c.dataset(), nil
}

func loadCSV(path string, features, classes int) (*csvData, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dlkit: %w", err)
	}
	defer f.Close()
	return readCSV(f, path, features, classes)
}

// LoadPoints reads points with the given number of features from the CSV file at path, for a
// model to predict: rows of that many features, each optionally followed by a label (the
// number of fields in the first row decides, for the whole file). labels is nil for a file
// without them. Otherwise it reads as LoadCSV does.
func LoadPoints(path string, features int) (points *mat.Dense, labels []float64, err error) {
	p, err := loadPoints(path, features, MaxClasses)
	if err != nil {
		return nil, nil, err
	}
	return p.X, p.Labels, nil
}

// LoadPointsFor reads points for the network m from the CSV file at path, as LoadPoints does:
// rows of m.Inputs.Features values, each optionally followed by a label, which must be one of
// the network's classes. The result remembers the line of each point, for errors.
func LoadPointsFor(path string, m *MLP) (*Points, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	return loadPoints(path, m.Inputs.Features, m.Classes)
}

func loadPoints(path string, features, classes int) (*Points, error) {
	if features < 1 || features > MaxFeatures {
		return nil, fmt.Errorf("dlkit: reading %s: %d features, want 1 to %d (dlkit.MaxFeatures): %w", path, features, MaxFeatures, ErrShape)
	}
	c, err := loadCSV(path, features, classes)
	if err != nil {
		return nil, err
	}
	return &Points{X: mat.NewDense(len(c.data)/c.k, c.k, c.data), Labels: c.labels, src: c.src}, nil
}

// csvData is what readCSV read.
type csvData struct {
	k      int // features per point
	data   []float64
	labels []float64 // nil without a label column
	names  []string  // the features', then the label's if there is one
	src    *source
}

func (c *csvData) dataset() *Dataset {
	d := newDataset(len(c.labels), c.k, c.data, c.labels, c.names[:c.k:c.k], c.names[c.k])
	d.labelName = c.names[c.k] // as the header has it, even if empty
	d.src = c.src
	return d
}

// readCSV reads CSV data. With features < 0, the last column holds labels; otherwise the rows
// have features fields, or features + 1 with labels. Labels must be below classes.
func readCSV(r io.Reader, file string, features, classes int) (*csvData, error) {
	where := "CSV"
	if file != "" {
		where = file
	}
	sc := newCSVScanner(r, MaxFeatures+1)
	bad := func(line, column int, name string, err error) error {
		return &ParseError{File: file, Line: line, Column: column, Name: name, Err: err}
	}
	next := func() (bool, error) {
		ok, err := sc.next()
		if e, isSyntax := err.(*csvSyntaxError); isSyntax {
			return false, bad(e.line, e.field, "", e.err)
		}
		if err != nil {
			return false, fmt.Errorf("dlkit: reading %s: %w", where, err)
		}
		return ok, nil
	}

	ok, err := next()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("dlkit: %s has no data rows: %w", where, ErrEmpty)
	}
	rowFields, line := len(sc.fields), sc.fields[0].line
	switch {
	case features < 0 && rowFields < 2:
		return nil, bad(line, 0, "", fmt.Errorf("%d field, want at least one feature and a label: %w", rowFields, ErrShape))
	case features >= 0 && rowFields != features && rowFields != features+1:
		return nil, bad(line, 0, "", fmt.Errorf("%d fields, want %d features, and optionally a label: %w", rowFields, features, ErrShape))
	}
	labelled := features < 0 || rowFields == features+1
	k := rowFields
	if labelled {
		k--
	}
	names := make([]string, rowFields)
	header := isHeader(sc)
	if header {
		for j := range names {
			names[j] = string(sc.field(j))
		}
		if ok, err = next(); err != nil {
			return nil, err
		}
	} else {
		for j := range k {
			names[j] = "x" + strconv.Itoa(j+1)
		}
		if labelled {
			names[k] = "label"
		}
	}

	var (
		data, labels []float64
		src          = &source{file: file}
		first        = !header // the row is the first of the file
	)
	for ; ok; ok, err = next() {
		line := sc.fields[0].line
		if len(sc.fields) != rowFields {
			return nil, bad(line, 0, "", fmt.Errorf("%d fields, want %d: %w", len(sc.fields), rowFields, ErrShape))
		}
		n := len(data) / k
		if n == MaxPoints {
			return nil, bad(line, 0, "", fmt.Errorf("more than %d points, beyond the limit (dlkit.MaxPoints): %w", MaxPoints, ErrLimit))
		}
		if rowFields > MaxValues/(n+1) { // (n+1)·rowFields > MaxValues, without forming the product
			return nil, bad(line, 0, "", fmt.Errorf("more than %d numbers, beyond the limit (dlkit.MaxValues): %w", MaxValues, ErrLimit))
		}
		for j := range rowFields {
			isLabel := labelled && j == k
			v, err := parseValue(sc.field(j))
			if err == nil && isLabel {
				err = checkLabel(v, classes)
			}
			if err != nil {
				if first && !errors.Is(err, ErrNotFinite) && !errors.Is(err, ErrLabel) {
					err = fmt.Errorf("%w (if the first row is a header, quote the names that look like numbers)", err)
				}
				return nil, bad(sc.fields[j].line, j+1, names[j], err)
			}
			if isLabel {
				labels = append(labels, v)
			} else {
				data = append(data, v)
			}
		}
		src.lines.add(n, line)
		first = false
	}
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("dlkit: %s has no data rows: %w", where, ErrEmpty)
	}
	return &csvData{k: k, data: data, labels: labels, names: names, src: src}, nil
}

// parseValue parses a CSV field as a finite number.
func parseValue(f []byte) (float64, error) {
	f = bytes.TrimSpace(f)
	v, err := strconv.ParseFloat(string(f), 64)
	switch {
	case errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return 0, fmt.Errorf("%q is beyond the float64 range: %w", f, ErrNotFinite)
	case err != nil:
		return 0, fmt.Errorf("%q is not a number", f)
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, fmt.Errorf("%v: %w", v, ErrNotFinite)
	}
	return v, nil
}

// isHeader reports whether the scanner's row, the first, names columns: some field is quoted,
// or none is a finite number.
func isHeader(sc *csvScanner) bool {
	for j, f := range sc.fields {
		if f.quoted {
			return true
		}
		if _, err := parseValue(sc.field(j)); err == nil {
			return false
		}
	}
	return true
}

// looksNumeric reports whether strconv.ParseFloat reads s as a number (finite or not).
func looksNumeric(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil || errors.Is(err, strconv.ErrRange)
}

// csvName writes a column name for a header that ReadCSV reads back as the same name: in
// quotes if it looks like a number (so that the row reads as a header), has spaces at either
// end, starts with # or a byte order mark, or holds a comma, quote or line end.
func csvName(b []byte, name string) []byte {
	if name == "" || !looksNumeric(name) && strings.Trim(name, " \t") == name &&
		!strings.HasPrefix(name, "#") && !strings.HasPrefix(name, "\uFEFF") && !strings.ContainsAny(name, ",\"\r\n") {
		return append(b, name...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(name, `"`, `""`)...)
	return append(b, '"')
}

// WriteCSV writes the dataset as CSV with a header row: the feature names, then the label's,
// each in quotes where ReadCSV needs them to read it back as the same name. Numbers are written
// in the shortest form that reads back to the same float64, so ReadCSV returns an identical
// dataset.
func (d *Dataset) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	var b []byte
	for j, name := range append(d.Names(), d.labelName) {
		if j > 0 {
			b = append(b, ',')
		}
		b = csvName(b, name)
	}
	b = append(b, '\n')
	for i := range d.Len() {
		for _, v := range d.Point(i) {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, d.y[i], 'g', -1, 64)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return fmt.Errorf("dlkit: writing CSV: %w", err)
		}
		b = b[:0]
	}
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("dlkit: writing CSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
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
