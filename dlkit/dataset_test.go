package dlkit

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNewDataset(t *testing.T) {
	pts := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	d, err := NewDataset(pts, []float64{0, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	pts[0][0] = 99 // the dataset keeps its own copy
	if d.Len() != 3 || d.Dim() != 2 || d.Point(0)[0] != 1 || d.Label(2) != 1 {
		t.Errorf("got Len %d, Dim %d, point 0 %v, label 2 %v", d.Len(), d.Dim(), d.Point(0), d.Label(2))
	}
	if r, c := d.X().Dims(); r != 3 || c != 2 || d.X().At(2, 1) != 6 {
		t.Errorf("X is %d×%d with X[2,1] = %v", r, c, d.X().At(2, 1))
	}
	if names := d.Names(); len(names) != 2 || names[0] != "x1" || names[1] != "x2" {
		t.Errorf("Names = %q", names)
	}

	for i, test := range []struct {
		pts    [][]float64
		labels []float64
		is     error
		says   string
	}{
		{nil, nil, ErrEmpty, "no points"},
		{[][]float64{{}}, []float64{0}, ErrEmpty, "point 0 has no features"},
		{[][]float64{{1, 2}, {3}}, []float64{0, 1}, ErrShape, "point 1 has 1 feature, point 0 has 2"},
		{[][]float64{{1, 2}}, []float64{0, 1}, ErrShape, "1 points but 2 labels"},
		{[][]float64{{1, 2}, {3, math.NaN()}}, []float64{0, 1}, ErrNotFinite, "point 1, feature 1 is NaN"},
		{[][]float64{{math.Inf(1), 2}}, []float64{0}, ErrNotFinite, "point 0, feature 0 is +Inf"},
		{[][]float64{{1, 2}, {3, 4}}, []float64{0, -1}, ErrLabel, "label 1 is -1"},
		{[][]float64{{1, 2}}, []float64{0.5}, ErrLabel, "label 0 is 0.5"},
		{[][]float64{{1, 2}}, []float64{math.NaN()}, ErrLabel, "label 0 is NaN"},
	} {
		_, err := NewDataset(test.pts, test.labels)
		if err == nil || !errors.Is(err, test.is) || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		}
	}
	if d.Classes() != 2 {
		t.Errorf("labels 0 and 1: %d classes, want 2", d.Classes())
	}
	if three := MustNewDataset(pts, []float64{0, 2, 1}); three.Classes() != 3 {
		t.Errorf("labels 0, 2, 1: %d classes, want 3", three.Classes())
	}
	if ones := MustNewDataset(pts, []float64{0, 0, 0}); ones.Classes() != 2 {
		t.Errorf("labels all 0: %d classes, want 2", ones.Classes())
	}
	if !panics(func() { MustNewDataset(nil, nil) }) {
		t.Error("MustNewDataset(nil, nil) did not panic")
	}
}

func TestSeparable(t *testing.T) {
	d, err := Separable(501, 42)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Separable(501, 42)
	other, _ := Separable(501, 43)
	var ones int
	differs := false
	for i := range d.Len() {
		x := d.Point(i)
		// On the right side of x1 + x2 = 0, at least 0.5 from it.
		side := (x[0] + x[1]) / math.Sqrt2
		if d.Label(i) == 0 {
			side = -side
		} else {
			ones++
		}
		if side < 0.5 {
			t.Errorf("point %d %v with label %v is %v from the boundary", i, x, d.Label(i), side)
		}
		if again.Point(i)[0] != x[0] || again.Point(i)[1] != x[1] {
			t.Fatalf("point %d differs between two calls with the same seed", i)
		}
		differs = differs || other.Point(i)[0] != x[0]
	}
	if ones != 251 {
		t.Errorf("%d points with label 1, want 251", ones)
	}
	if !differs {
		t.Error("seeds 42 and 43 gave the same points")
	}
	if _, err := Separable(1, 0); !errors.Is(err, ErrEmpty) {
		t.Errorf("Separable(1): %v", err)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	d, err := Separable(50, 1)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "x1,x2,label\n") {
		t.Errorf("CSV starts %q", buf.String()[:20])
	}
	back, err := ReadCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, back, d)

	path := filepath.Join(t.TempDir(), "data.csv")
	if err := d.SaveCSV(path); err != nil {
		t.Fatal(err)
	}
	fromFile, err := LoadCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, fromFile, d)
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("SaveCSV left %d files behind, want just data.csv", len(entries))
	}
	if err := d.SaveCSV(filepath.Join(path, "not-a-dir", "x.csv")); err == nil {
		t.Error("SaveCSV into a missing directory: no error")
	}
}

func sameData(t *testing.T, got, want *Dataset) {
	t.Helper()
	if got.Len() != want.Len() || got.Dim() != want.Dim() {
		t.Fatalf("got %d×%d, want %d×%d", got.Len(), got.Dim(), want.Len(), want.Dim())
	}
	for i := range want.Len() {
		for j, v := range want.Point(i) {
			if got.Point(i)[j] != v {
				t.Fatalf("point %d, feature %d: %v, want %v", i, j, got.Point(i)[j], v)
			}
		}
		if got.Label(i) != want.Label(i) {
			t.Fatalf("label %d: %v, want %v", i, got.Label(i), want.Label(i))
		}
	}
}

func TestReadCSV(t *testing.T) {
	for i, test := range []struct {
		csv    string
		n, dim int
		names  string
	}{
		{"2,3,1\n1,4,1\n-1,-3,0\n-4,-5,0\n", 4, 2, "x1 x2"},
		{"height, weight, is_elephant\n3.2, 5000, 1\n0.3, 4, 0\n", 2, 2, "height weight"},
		{"# a comment\n\nx,y\n1.5,0\n\n-2e3,1\n", 2, 1, "x"},
		{"1,2,3,0\n", 1, 3, "x1 x2 x3"},
		{"1,2,0\n3,4,2\n5,6,1\n", 3, 2, "x1 x2"},
		{"1,2,1.0\r\n3,4,0.0\r\n", 2, 2, "x1 x2"},
	} {
		d, err := ReadCSV(strings.NewReader(test.csv))
		if err != nil {
			t.Errorf("%d: %v", i, err)
			continue
		}
		if d.Len() != test.n || d.Dim() != test.dim || strings.Join(d.Names(), " ") != test.names {
			t.Errorf("%d: %d points of %d features named %q, want %d, %d, %q", i, d.Len(), d.Dim(), d.Names(), test.n, test.dim, test.names)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	for i, test := range []struct {
		csv          string
		line, column int
		is           error
		says         string
	}{
		{"1,2,0\n3,abc,1\n", 2, 2, nil, `line 2, column 2 (x2): "abc" is not a number`},
		{"a,b,y\n1,2,0\n3,4,2.5\n", 3, 3, ErrLabel, "line 3, column 3 (y): 2.5 is not a class number (0, 1, 2, ...): invalid label"},
		{"1,2,0\n3,4,-1\n", 2, 3, ErrLabel, "column 3 (label)"},
		{"1,2,0\n3,4\n", 2, 0, ErrShape, "line 2: 2 fields, want 3"},
		{"1,2,0\n3,4,1,5\n", 2, 0, ErrShape, "4 fields, want 3"},
		{"1,NaN,0\n", 1, 2, ErrNotFinite, "line 1, column 2 (x2): NaN"},
		{"1,2,0\n\n# skip\n1,-Inf,1\n", 4, 2, ErrNotFinite, "line 4, column 2"},
		{"1\n", 1, 0, ErrShape, "at least one feature and a label"},
		{"x1,x2,label\n", 0, 0, ErrEmpty, "no data rows"},
		{"", 0, 0, ErrEmpty, "no data rows"},
		{"1,\"2,0\n", 1, 2, nil, "line 1, column 2: the quoted field is never closed"},
		{"x1,x2,label\n1,2\n", 2, 0, ErrShape, "2 fields, want 3"},
		{"1,2,0\n1e999,2,0\n", 2, 1, ErrNotFinite, `"1e999" is beyond the float64 range`},
	} {
		_, err := ReadCSV(strings.NewReader(test.csv))
		if err == nil || !strings.Contains(err.Error(), test.says) || (test.is != nil && !errors.Is(err, test.is)) {
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
			continue
		}
		var pe *ParseError
		if test.line > 0 {
			if !errors.As(err, &pe) || pe.Line != test.line || pe.Column != test.column {
				t.Errorf("%d: %#v, want line %d, column %d", i, pe, test.line, test.column)
			}
		}
	}

	path := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(path, []byte("1,2,0\n1,2,7.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadCSV(path)
	if err == nil || !strings.Contains(err.Error(), "dlkit: "+path+": line 2, column 3 (label)") {
		t.Errorf("LoadCSV error %v does not name the file, line and column", err)
	}
	if _, err := LoadCSV(path + ".missing"); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadCSV of a missing file: %v", err)
	}
}

// TestSubsetRows checks that the subsets Where, Split and Relabel make, which keep their points
// as rows of the whole until something needs them as one matrix, show the points and labels
// they keep, whether copied or not, and that copying them leaves the whole as it was.
func TestSubsetRows(t *testing.T) {
	d, _ := Moons(30, 0.1, 2)
	odd := func(i int) bool { return i%2 == 1 }
	sub := must(d.Where(odd))
	subsub := must(sub.Where(func(i int) bool { return i >= 3 })) // points 7, 9, ... of d
	relabelled := must(subsub.Relabel(func(y float64) float64 { return 1 - y }))
	train, test, err := subsub.Split(0.5, 4)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, s *Dataset, want func(i int) int, flip bool) {
		t.Helper()
		if s.Dim() != d.Dim() {
			t.Fatalf("%s: %d features, want %d", what, s.Dim(), d.Dim())
		}
		seen := make([]bool, d.Len())
		for i := range s.Len() {
			p := want(i)
			if p < 0 {
				for q := range d.Len() { // a Split part: find the point
					if !seen[q] && slices.Equal(d.Point(q), s.Point(i)) {
						p = q
						break
					}
				}
				if p < 0 {
					t.Fatalf("%s: point %d %v is none of the whole's", what, i, s.Point(i))
				}
				seen[p] = true
			}
			y := d.Label(p)
			if flip {
				y = 1 - y
			}
			if !slices.Equal(s.Point(i), d.Point(p)) || s.Label(i) != y {
				t.Errorf("%s: point %d is %v label %v, want point %d of the whole, %v label %v", what, i, s.Point(i), s.Label(i), p, d.Point(p), y)
			}
			for j := range s.Dim() {
				if s.X().At(i, j) != d.Point(p)[j] {
					t.Errorf("%s: X().At(%d, %d) = %v, want %v", what, i, j, s.X().At(i, j), d.Point(p)[j])
				}
			}
		}
	}
	before := append([]float64(nil), d.raw()...)
	sub.digest()
	if sub.rows.x != nil {
		t.Error("the digest copied the subset's points")
	}
	check("Where", sub, func(i int) int { return 2*i + 1 }, false)
	check("Where of Where", subsub, func(i int) int { return 2*(i+3) + 1 }, false)
	check("Relabel of Where", relabelled, func(i int) int { return 2*(i+3) + 1 }, true)
	check("Split of Where", train, func(int) int { return -1 }, false)
	check("Split of Where", test, func(int) int { return -1 }, false)
	if train.Len()+test.Len() != subsub.Len() {
		t.Errorf("Split: %d + %d points of %d", train.Len(), test.Len(), subsub.Len())
	}
	if !slices.Equal(d.raw(), before) {
		t.Error("the whole's points changed")
	}
}

// TestSubsetConcurrent checks that a subset's points are copied once however many goroutines
// need them at the same time (go test -race): a Dataset is safe to share.
func TestSubsetConcurrent(t *testing.T) {
	d, _ := Moons(200, 0.1, 2)
	sub := must(d.Where(func(i int) bool { return i%3 == 0 }))
	var wg sync.WaitGroup
	xs := make([]mat.Matrix, 8)
	for g := range xs {
		wg.Go(func() {
			xs[g] = sub.X()
			sub.digest()
		})
	}
	wg.Wait()
	for _, x := range xs[1:] {
		if x != xs[0] {
			t.Fatal("the subset's points were copied more than once")
		}
	}
}
