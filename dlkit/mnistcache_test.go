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

// TestMNISTCache checks that LoadMNIST keeps the values of each set it decodes, reads the same
// values back from the kept file, with the same digest for TrainOnce, and never trusts a kept
// file that is damaged, stale or impossible to write.
func TestMNISTCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // os.UserCacheDir on Linux
	cache, err := os.UserCacheDir()
	if err != nil || !littleEndian {
		t.Skip("no user cache directory, or a big-endian machine: nothing is kept")
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
		mapped.Lock()
		mapped.sets = nil // as a new program would
		mapped.Unlock()
		d, err := LoadMNIST(dir, "test")
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return d
	}
	kept := func() []string {
		names, _ := filepath.Glob(filepath.Join(cache, "percept", "mnist", "*.f64"))
		return names
	}
	same := func(a, b *Dataset) bool {
		return mat.Equal(a.X(), b.X()) && slices.Equal(a.Labels(), b.Labels()) && a.Classes() == b.Classes() &&
			slices.Equal(a.Names(), b.Names()) && a.labelName == b.labelName
	}

	write(1)
	first := load("first read")
	if n := len(kept()); n != 1 {
		t.Fatalf("%d kept files after the first read, want 1", n)
	}
	if first.Point(1)[5] != 21.0/255 || first.Label(2) != 1 { // pixel 784+5 is byte(789) = 21
		t.Errorf("pixel %v, label %v", first.Point(1)[5], first.Label(2))
	}
	again := load("from the kept file")
	if !same(again, first) || again.Classes() != 10 {
		t.Error("the data read from the kept file differs")
	}
	fresh := newMNIST(3, append([]float64(nil), first.raw()...), first.Labels())
	if again.digest() != fresh.digest() || first.digest() != fresh.digest() {
		t.Error("the kept file's data has another digest than the same values decoded")
	}
	if d, _ := LoadMNIST(dir, "test"); d != again {
		t.Error("a second load in the same program mapped the file again")
	}

	// A damaged kept file is not used, and is replaced; so is one cut short, or not ours.
	for i, damage := range []func(b []byte) []byte{
		func(b []byte) []byte { b[len(b)-100]++; return b },
		func(b []byte) []byte { return b[:len(b)-8] },
		func(b []byte) []byte { copy(b, "NOTOURS!"); return b },
	} {
		name := kept()[0]
		b, _ := os.ReadFile(name)
		os.WriteFile(name, damage(b), 0o644)
		if got := load("a damaged kept file"); !same(got, first) {
			t.Errorf("damage %d: read the damaged file", i)
		}
		if got := load("a replaced kept file"); !same(got, first) {
			t.Errorf("damage %d: the replaced file differs", i)
		}
	}

	// Other files are kept apart.
	write(3)
	other := load("other files")
	if same(other, first) || other.Point(1)[5] != 63.0/255 || len(kept()) != 2 {
		t.Errorf("other files: read the first files' values (%d kept files)", len(kept()))
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
