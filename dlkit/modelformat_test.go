package dlkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The document that describes model files, docs/model-format.md, and the code must agree: the
// tests below parse its example documents and compare them field by field with what the
// writers write for the model they describe, check its field table against the fields the
// code reads, and its table of limits against the constants.

const formatDoc = "../docs/model-format.md"

func readFormatDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(formatDoc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFormatDocExamples reads each JSON example of the document, writes the model it describes
// again, and compares the two documents field by field.
func TestFormatDocExamples(t *testing.T) {
	doc := readFormatDoc(t)
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(doc, -1)
	formats := map[string]int{}
	for i, b := range blocks {
		example := []byte(b[1])
		var head struct{ Format string }
		if err := json.Unmarshal(example, &head); err != nil {
			t.Fatalf("example %d is not JSON: %v\n%s", i, err, example)
		}
		formats[head.Format]++
		var written bytes.Buffer
		switch head.Format {
		case modelFormat:
			m, training, err := readModel(bytes.NewReader(example))
			if err != nil {
				t.Fatalf("example %d: %v", i, err)
			}
			if err := m.writeJSON(&written, training); err != nil {
				t.Fatal(err)
			}
		case perceptronFormat:
			p, err := ReadPerceptron(bytes.NewReader(example))
			if err != nil {
				t.Fatalf("example %d: %v", i, err)
			}
			path := filepath.Join(t.TempDir(), "p.json")
			if err := p.Save(path); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			written.Write(b)
		default:
			t.Fatalf("example %d has format %q", i, head.Format)
		}
		var want, got any
		if err := json.Unmarshal(example, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(written.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		for _, d := range jsonDiff("", want, got) {
			t.Errorf("example %d (%s): %s", i, head.Format, d)
		}
	}
	if formats[modelFormat] < 2 || formats[perceptronFormat] < 1 {
		t.Errorf("examples of each format: %v", formats)
	}
	// One example has no hidden layers: written as [], as the table says.
	if !strings.Contains(doc, `"hidden": []`) {
		t.Error(`no example with "hidden": []`)
	}
}

// jsonDiff lists where two decoded JSON values differ, by path.
func jsonDiff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the document has an object, the writer %v", path, got)}
		}
		var diffs []string
		for _, k := range unionKeys(w, g) {
			wv, inW := w[k]
			gv, inG := g[k]
			switch {
			case !inW:
				diffs = append(diffs, fmt.Sprintf("%s.%s: written (%v) but not in the document", path, k, gv))
			case !inG:
				diffs = append(diffs, fmt.Sprintf("%s.%s: in the document (%v) but not written", path, k, wv))
			default:
				diffs = append(diffs, jsonDiff(path+"."+k, wv, gv)...)
			}
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{fmt.Sprintf("%s: the document has %v, the writer %v", path, want, got)}
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, jsonDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	}
	if !reflect.DeepEqual(want, got) {
		return []string{fmt.Sprintf("%s: the document has %v, the writer %v", path, want, got)}
	}
	return nil
}

func unionKeys(a, b map[string]any) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestFormatDocFields checks that the field table names every field the reader takes, and
// only those.
func TestFormatDocFields(t *testing.T) {
	doc := readFormatDoc(t)
	var table []string // the first column of the field table, as written
	for _, line := range strings.Split(doc, "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 2 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`") && !strings.HasPrefix(strings.TrimSpace(cells[1]), "`Max") {
			table = append(table, cells[1])
			if cells[1] == " `hidden` " || cells[1] == " `training` " {
				table = append(table, cells[2]) // their description names the fields within
			}
		}
	}
	names := strings.Join(table, " ")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("`(?:[a-z]+\\.)?([a-z]+)`").FindAllStringSubmatch(names, -1) {
		documented[m[1]] = true
	}
	read := map[string]bool{}
	var collect func(reflect.Type)
	collect = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct {
			return
		}
		for i := range ty.NumField() {
			f := ty.Field(i)
			read[strings.Split(f.Tag.Get("json"), ",")[0]] = true
			collect(f.Type)
		}
	}
	collect(reflect.TypeOf(modelJSON{}))
	for name := range read {
		if !documented[name] {
			t.Errorf("the reader takes %q, the table does not name it", name)
		}
	}
	for name := range documented {
		values := map[string]bool{"null": true, "true": true, "sigmoid": true, "tanh": true, "relu": true}
		if !read[name] && !values[name] {
			t.Errorf("the table names %q, which the reader does not take", name)
		}
	}
}

// TestFormatDocLimits checks the table of limits against the constants.
func TestFormatDocLimits(t *testing.T) {
	doc := readFormatDoc(t)
	rows := regexp.MustCompile("(?m)^\\| `(Max[A-Za-z]+)` \\| ([0-9,]+)( [MG]iB)? \\|").FindAllStringSubmatch(doc, -1)
	inDoc := map[string]int64{}
	for _, r := range rows {
		v, err := strconv.ParseInt(strings.ReplaceAll(r[2], ",", ""), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		switch r[3] {
		case " MiB":
			v <<= 20
		case " GiB":
			v <<= 30
		}
		inDoc[r[1]] = v
	}
	limits := map[string]int64{"MaxModelBytes": MaxModelBytes}
	for value, name := range limitNames {
		limits[name] = int64(value)
	}
	for name, value := range limits {
		if inDoc[name] != value {
			t.Errorf("%s is %d, the document says %d", name, value, inDoc[name])
		}
		delete(inDoc, name)
	}
	for name := range inDoc {
		t.Errorf("the document lists %s, which is not a limit", name)
	}
}
