package dlkit

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
)

// testMNIST writes a small MNIST test set into dir, its pixels scaled by ink.
func testMNIST(dir string, ink byte) {
	pixels := make([]byte, 3*784)
	for i := range pixels {
		pixels[i] = byte(i) * ink
	}
	os.WriteFile(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), gz(idx([]uint32{3, 28, 28}, pixels)), 0o644)
	os.WriteFile(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), gz(idx([]uint32{3}, []byte{7, 2, 1})), 0o644)
}

// loadAfresh loads the test set in dir as a new program would, with nothing mapped yet.
func loadAfresh(t *testing.T, dir, what string) *Dataset {
	t.Helper()
	mapped.Lock()
	mapped.sets = nil
	mapped.Unlock()
	d, err := LoadMNIST(dir, "test")
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return d
}

// keptFiles lists the kept files under the cache directory cache.
func keptFiles(cache string) []string {
	names, _ := filepath.Glob(filepath.Join(cache, "percept", "mnist", "*.f64"))
	return names
}

// sameMNIST reports whether a and b hold the same data.
func sameMNIST(a, b *Dataset) bool {
	return mat.Equal(a.X(), b.X()) && slices.Equal(a.Labels(), b.Labels()) && a.Classes() == b.Classes() &&
		slices.Equal(a.Names(), b.Names()) && a.labelName == b.labelName
}

// rewrite writes b to the read-only kept file at path in place.
func rewrite(path string, b []byte) {
	os.Chmod(path, 0o644)
	os.WriteFile(path, b, 0o644)
}

// userCache gives the test a cache directory of its own, or skips it where nothing is kept.
func userCache(t *testing.T) string {
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // os.UserCacheDir on Linux
	cache, err := os.UserCacheDir()
	if err != nil || !littleEndian {
		t.Skip("no user cache directory, or a big-endian machine: nothing is kept")
	}
	return cache
}

// TestMNISTCache checks that LoadMNIST keeps the values of each set it decodes, reads the same
// values back from the kept file, with the same digest for TrainOnce, and never trusts a kept
// file that is damaged, stale or impossible to write.
func TestMNISTCache(t *testing.T) {
	cache := userCache(t)
	dir := t.TempDir()
	write := func(ink byte) { testMNIST(dir, ink) }
	load := func(what string) *Dataset { return loadAfresh(t, dir, what) }
	kept := func() []string { return keptFiles(cache) }
	same := sameMNIST

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
		rewrite(name, damage(b))
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

// TestMNISTCacheRobust checks the kept files against what other programs and users do to
// them: files written again while mapped, half-written and foreign files, many programs
// loading at once, caches that cannot be written, and a relative cache directory.
func TestMNISTCacheRobust(t *testing.T) {
	cache := userCache(t)
	dir := t.TempDir()
	testMNIST(dir, 1)

	// Many loads at once, with nothing kept yet: the same data, one whole kept file.
	const loads = 4
	var got [loads]*Dataset
	var wg sync.WaitGroup
	for i := range loads {
		wg.Go(func() {
			d, err := LoadMNIST(dir, "test")
			if err != nil {
				t.Error(err)
			}
			got[i] = d
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, d := range got[1:] {
		if !sameMNIST(d, got[0]) {
			t.Error("loads at the same time read other data")
		}
	}
	mnist := filepath.Join(cache, "percept", "mnist")
	if entries, _ := os.ReadDir(mnist); len(entries) != 1 || len(keptFiles(cache)) != 1 {
		t.Fatalf("%d entries in %s after loads at the same time, want one kept file", len(entries), mnist)
	}
	name := keptFiles(cache)[0]
	if info, err := os.Stat(name); err != nil || info.Mode().Perm() != 0o444 {
		t.Errorf("kept file's mode %v (%v), want 0444", info.Mode(), err)
	}
	want := got[0].X()

	// Written again (renamed over, as LoadMNIST writes) while mapped: the mapped data stays.
	held := loadAfresh(t, dir, "mapped")
	b, _ := os.ReadFile(name)
	clear(b[mnistHeader:])
	tmp := filepath.Join(mnist, ".other")
	os.WriteFile(tmp, b, 0o644)
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(held.X(), want) {
		t.Error("a kept file written again changed the data of a program that had it mapped")
	}
	if d := loadAfresh(t, dir, "written again, wrongly"); !mat.Equal(d.X(), want) {
		t.Error("read the values of a kept file written again with other values")
	}

	// A file being written (a temporary one) is not read, and not removed while fresh; one
	// left for more than an hour is removed. A foreign file under the set's key is removed.
	key := filepath.Base(name)[:32]
	fresh, stale := filepath.Join(mnist, "."+key+"-a-b.f64.1"), filepath.Join(mnist, "."+key+"-a-b.f64.2")
	foreign := filepath.Join(mnist, key+"-00-00.f64")
	for _, f := range []string{fresh, stale} {
		os.WriteFile(f, []byte("PCPTMN01 half written"), 0o644)
	}
	good, _ := os.ReadFile(name)
	os.WriteFile(foreign, good, 0o644) // whole and with good values, but not named by them
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	rewrite(name, []byte("cut short")) // so that the set is decoded and kept again
	if d := loadAfresh(t, dir, "beside a half-written file"); !mat.Equal(d.X(), want) {
		t.Error("read a half-written or foreign file")
	}
	for f, wantThere := range map[string]bool{fresh: true, stale: false, foreign: false, name: true} {
		if _, err := os.Stat(f); (err == nil) != wantThere {
			t.Errorf("%s: there %v, want %v", filepath.Base(f), err == nil, wantThere)
		}
	}
	if d := loadAfresh(t, dir, "from the kept file"); !mat.Equal(d.X(), want) {
		t.Error("the kept file written again differs")
	}

	// A cache that cannot be written: the data all the same, and nothing kept.
	unwritable := []string{filepath.Join(t.TempDir(), "file")}
	os.WriteFile(unwritable[0], nil, 0o644)
	if _, err := os.Stat("/proc/self"); err == nil {
		unwritable = append(unwritable, "/proc/self") // no directories can be made there, even by root
	}
	if os.Geteuid() != 0 {
		ro := t.TempDir()
		os.Chmod(ro, 0o555)
		t.Cleanup(func() { os.Chmod(ro, 0o755) })
		unwritable = append(unwritable, ro)
	}
	for _, c := range unwritable {
		t.Setenv("XDG_CACHE_HOME", c)
		if d := loadAfresh(t, dir, "cache "+c); !mat.Equal(d.X(), want) {
			t.Errorf("cache %s: other data", c)
		}
		if kept := keptFiles(c); len(kept) != 0 {
			t.Errorf("cache %s: kept %v", c, kept)
		}
	}

	// A relative cache directory is none (os.UserCacheDir): nothing is written where the
	// program runs, as in a notebook's directory.
	wd := t.TempDir()
	t.Chdir(wd)
	t.Setenv("XDG_CACHE_HOME", "cache")
	if d := loadAfresh(t, dir, "relative cache"); !mat.Equal(d.X(), want) {
		t.Error("relative cache: other data")
	}
	if entries, _ := os.ReadDir(wd); len(entries) != 0 {
		t.Errorf("a relative cache directory: %d files written in the working directory", len(entries))
	}
}
