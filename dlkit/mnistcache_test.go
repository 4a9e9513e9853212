package dlkit

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestUnpackedCopies checks that LoadMNIST keeps an unpacked copy of each gzipped file, reads
// the same data from it, and never trusts a copy that is damaged, stale or impossible to keep.
func TestUnpackedCopies(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // os.UserCacheDir on Linux
	cache, err := unpackedDir()
	if err != nil {
		t.Skip("no user cache directory here:", err)
	}
	dir := t.TempDir()
	write := func(ink byte) {
		pixels := make([]byte, 3*784)
		for i := range pixels {
			pixels[i] = byte(i) * ink
		}
		os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), gz(idx([]uint32{3, 28, 28}, pixels)), 0o644)
		os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), gz(idx([]uint32{3}, []byte{7, 2, 1})), 0o644)
	}
	load := func(what string) *Dataset {
		d, err := LoadMNIST(dir, "test")
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return d
	}
	copies := func() []string {
		names, _ := filepath.Glob(filepath.Join(cache, "*.idx"))
		return names
	}
	same := func(a, b *Dataset) bool { return mat.Equal(a.X(), b.X()) && slices.Equal(a.Labels(), b.Labels()) }

	write(1)
	first := load("first read")
	if n := len(copies()); n != 2 {
		t.Fatalf("%d unpacked copies after the first read, want 2 (images, labels)", n)
	}
	if again := load("from the copies"); !same(again, first) {
		t.Error("the data read from the unpacked copies differs")
	}
	if first.Point(1)[5] != 21.0/255 || first.Label(2) != 1 { // pixel 784+5 is byte(789) = 21
		t.Errorf("pixel %v, label %v", first.Point(1)[5], first.Label(2))
	}

	// A damaged copy (still a valid IDX file) is not used, and is replaced.
	for _, name := range copies() {
		b, _ := os.ReadFile(name)
		b[len(b)-1]++
		os.WriteFile(name, b, 0o644)
	}
	if got := load("damaged copies"); !same(got, first) {
		t.Error("read the damaged copies")
	}
	if got := load("copies replaced"); !same(got, first) {
		t.Error("the replaced copies differ")
	}

	// Other files have other copies.
	write(3)
	other := load("other files")
	if same(other, first) || other.Point(1)[5] != 63.0/255 {
		t.Error("other files: read the copies of the first")
	}

	// Without a usable cache, the files are read as they are.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	t.Setenv("XDG_CACHE_HOME", file)
	if got := load("no usable cache"); !same(got, other) {
		t.Error("without a cache: other data")
	}

	// A damaged gzipped file is reported as before, with its name.
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), gz(idx([]uint32{3}, []byte{7, 2, 1}))[:15], 0o644)
	if _, err := LoadMNIST(dir, "test"); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte.gz") {
		t.Errorf("truncated gzipped labels: %v", err)
	}
}
