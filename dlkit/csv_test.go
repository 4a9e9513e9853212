package dlkit

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestCSVHeaders checks which first rows are headers, and how names are read.
func TestCSVHeaders(t *testing.T) {
	for i, test := range []struct {
		csv   string
		n     int
		names []string // the features', then the label's
	}{
		{"x1,x2,label\n1,2,0\n", 1, []string{"x1", "x2", "label"}},
		{"1,2,0\n3,4,1\n", 2, []string{"x1", "x2", "label"}},
		// A byte order mark before the first row, header or not.
		{"\uFEFF1,2,0\n3,4,1\n", 2, []string{"x1", "x2", "label"}},
		{"\uFEFFa,b,label\n1,2,0\n", 1, []string{"a", "b", "label"}},
		{"\uFEFF\n# comment\n1,2,0\n", 1, []string{"x1", "x2", "label"}},
		// Names that strconv.ParseFloat reads as NaN or ±Inf are not finite numbers: a header.
		{"nan,inf,label\n1,2,0\n", 1, []string{"nan", "inf", "label"}},
		{"NaN,-Infinity,+inf\n1,2,0\n", 1, []string{"NaN", "-Infinity", "+inf"}},
		// Quoted names are names, even when they look like numbers.
		{`"1","2e5",label` + "\n1,2,0\n", 1, []string{"1", "2e5", "label"}},
		{`"0",1,label` + "\n1,2,0\n", 1, []string{"0", "1", "label"}},
		// Quoted names are taken as they are; unquoted ones lose the spaces around them.
		{`" a ", b ,"c,""d"""` + "\n1,2,0\n", 1, []string{" a ", "b", `c,"d"`}},
		{"\"#x\",\"line\nbreak\",\"\"\n1,2,0\n", 1, []string{"#x", "line\nbreak", ""}},
		{"héllo,日本,\U0001F600\n1,2,0\n", 1, []string{"héllo", "日本", "\U0001F600"}},
		// Numbers in every form ParseFloat reads, spaces around them, quotes around them.
		{"1e5,+3,0\n .5 , 5. ,1\n0x1p-2,\"7\",0\n-0,1_000,1.0\n", 4, []string{"x1", "x2", "label"}},
		// Line ends, blank lines, comments, a last line without an end.
		{"a,b,y\r\n1,2,0\r\n\r\n   \t\r\n  # note\n3,4,1", 2, []string{"a", "b", "y"}},
	} {
		d, err := ReadCSV(strings.NewReader(test.csv))
		if err != nil {
			t.Errorf("%d: %q: %v", i, test.csv, err)
			continue
		}
		if names := append(d.Names(), d.labelName); d.Len() != test.n || !slices.Equal(names, test.names) {
			t.Errorf("%d: %q: %d points named %q, want %d named %q", i, test.csv, d.Len(), names, test.n, test.names)
		}
	}
}

func TestCSVLimitsAndSyntax(t *testing.T) {
	wide := strings.Repeat("1,", MaxFeatures+1) + "0\n" // MaxFeatures + 1 features and a label
	long := "1,2,0\n" + strings.Repeat(" ", MaxLineBytes) + "1,2,0\n"
	for i, test := range []struct {
		csv          string
		line, column int
		is           error
		says         string
	}{
		{"1,2,0\n3,4,99999\n", 2, 3, ErrLimit, "line 2, column 3 (label): 99999 is beyond the limit of 1000 classes (dlkit.MaxClasses)"},
		{"1,2,0\n3,4,1000\n", 2, 3, ErrLabel, "1000 is beyond the limit"},
		{wide, 1, 0, ErrLimit, "line 1: more than 65537 fields, beyond the limit of 65536 features (dlkit.MaxFeatures)"},
		{long, 2, 0, ErrLimit, "line 2: the line is longer than 4194304 bytes"},
		{"1,\"" + strings.Repeat("x\n", MaxLineBytes/2+1) + "\",0\n", 1, 0, ErrLimit, "line 1: the row is longer than"},
		{"a,b\"c,label\n", 1, 2, nil, "line 1, column 2: a quote inside a field that does not start with one"},
		{"\"a\"x,b,label\n", 1, 1, nil, `text after the closing quote: "x,b,label"`},
		{"1,2,0\n3,\"4\n", 2, 2, nil, "line 2, column 2: the quoted field is never closed"},
		// A data row spread over lines by quotes: the error names the field's own line.
		{"1,2,0\n3,\"4\n\",x\n", 3, 3, nil, `line 3, column 3 (label): "x" is not a number`},
		// A header with a numeric name, not quoted, reads as data: the error says what to do.
		{"0,1,label\n1,2,0\n", 1, 3, nil, `"label" is not a number (if the first row is a header, quote the names that look like numbers)`},
		{"1,2,0\n3,4,0x10\n", 2, 3, nil, `"0x10" is not a number`},
		{"1,2,0\n3,4,1,\n", 2, 0, ErrShape, "4 fields, want 3"},
	} {
		_, err := ReadCSV(strings.NewReader(test.csv))
		var pe *ParseError
		if err == nil || !strings.Contains(err.Error(), test.says) || test.is != nil && !errors.Is(err, test.is) {
			t.Errorf("%d: error %.200v, want one saying %q", i, err, test.says)
		} else if !errors.As(err, &pe) || pe.Line != test.line || pe.Column != test.column {
			t.Errorf("%d: %#v, want line %d, column %d", i, pe, test.line, test.column)
		}
	}
}

func TestLoadPointsArguments(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.csv")
	if err := os.WriteFile(path, []byte("1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, -1, MaxFeatures + 1, math.MaxInt} {
		if _, _, err := LoadPoints(path, k); err == nil || !strings.Contains(err.Error(), "want 1 to 65536") {
			t.Errorf("LoadPoints(%d features): %v", k, err)
		}
	}
	x, labels, err := LoadPoints(path, 1)
	if n, _ := x.Dims(); err != nil || n != 2 || labels != nil {
		t.Errorf("LoadPoints(1 feature): %v, %v, %v", x, labels, err)
	}
	m := Logistic([]float64{1}, 0)
	if err := os.WriteFile(path, []byte("x,y\n1,0\n\n# gap\n2,5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPointsFor(path, m); err == nil || !strings.Contains(err.Error(), path+": line 5, column 2 (y): 5 is not one of the 2 classes (0 to 1)") {
		t.Errorf("LoadPointsFor with a label beyond the network's classes: %v", err)
	}
	if err := os.WriteFile(path, []byte("x,y\n1,0\n\n# gap\n2,1\n3,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPointsFor(path, m)
	if err != nil {
		t.Fatal(err)
	}
	if w := p.Where(2); w != path+": line 6" {
		t.Errorf("Where(2) = %q, want line 6", w)
	}
}

// TestWriteCSVHeaderRoundTrip writes datasets with awkward names and reads them back.
func TestWriteCSVHeaderRoundTrip(t *testing.T) {
	awkward := []string{"#x", " lead", "trail ", "a,b", `q"uote`, "line\nbreak", "cr\r\nlf", "\uFEFFbom",
		"1", "-2.5e3", "nan", "Inf", "0x1p-2", "1_000", "", "héllo", "\t", "# ", "\"", ",", "label", "x1"}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		k := 1 + rng.IntN(3)
		names := make([]string, k+1)
		for j := range names {
			names[j] = awkward[rng.IntN(len(awkward))]
			if rng.IntN(4) == 0 { // and now and then something random
				b := make([]byte, rng.IntN(6))
				for i := range b {
					b[i] = byte(rng.IntN(256))
				}
				names[j] = string(b)
			}
		}
		checkHeaderRoundTrip(t, trial, names)
	}
}

func checkHeaderRoundTrip(t *testing.T, trial int, names []string) {
	t.Helper()
	k := len(names) - 1
	d := newDataset(1, k, make([]float64, k), []float64{1}, names[:k], names[k])
	d.labelName = names[k] // newDataset replaces an empty label name
	var buf bytes.Buffer
	if err := d.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%d: names %q written as %q: %v", trial, names, buf.String(), err)
	}
	if got := append(back.Names(), back.labelName); !slices.Equal(got, names) {
		t.Fatalf("%d: names %q written as %q read back as %q", trial, names, buf.String(), got)
	}
}
