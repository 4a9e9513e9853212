package dlkit

import (
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unsafe"

	"github.com/percept-go/percept/internal/safefile"
	"github.com/zeebo/xxh3"
)

// Every notebook cell runs its program anew, and so reads MNIST anew. Unpacking the gzipped
// files costs a few tenths of a second, but most of a cold read goes elsewhere: to the
// operating system handing the program 440 MB of fresh memory for the float64 values, page
// by page (a quarter of a second here, on a shared 2-core machine). So LoadMNIST keeps each
// set it decodes in the user's cache directory as the values themselves, and later maps that
// file into memory (mapValues): the pages come straight from the operating system's file
// cache, about 40 ms for the training set, most of it spent checking the file's hashes —
// which TrainOnce then reuses as the data's digest instead of hashing the points again.
//
// A kept file, percept/mnist/KEY-X-Y.f64, is named by KEY, a hash of the bytes of the two IDX
// files it was decoded from, and by X and Y, the XXH3-128 hashes of its points' and labels'
// bytes ([hashFloats]), checked on every load. It holds a header — mnistMagic, then the number
// of images n and of pixels k as little-endian 64-bit integers — and then the n·k pixel
// values and the n labels, as little-endian float64s. Anything wrong (no cache directory, a
// full disk, a damaged or foreign file, a big-endian machine) only means reading the MNIST
// files as before; a kept file that fails its checks is removed, and written again.
//
// A kept file is written whole to a temporary file (.KEY-X-Y.f64.*) and renamed (safefile),
// never written in place, so a program that has mapped one keeps its pages however many other
// programs write the file again at the same time; it is left read-only (0444). Cutting a
// mapped file short in place (as root can, with truncate) would stop the programs mapping it
// with SIGBUS, as with any mapped file. Temporary files that a killed program left behind are
// removed after an hour.

const (
	mnistMagic  = "PCPTMN01"
	mnistHeader = len(mnistMagic) + 16
)

// mnistCache is where LoadMNIST keeps one MNIST set decoded from particular files. The zero
// value keeps nothing.
type mnistCache struct {
	dir, key string
}

// littleEndian reports whether float64s are stored little-endian here, as kept files hold them.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// mnistCacheFor returns the cache for the set whose files in dir start with prefix
// ("train", "t10k"), keyed by the bytes of the files LoadMNIST reads; the zero cache if
// there is no user cache directory or a file cannot be read (LoadMNIST then says why).
func mnistCacheFor(dir, prefix string) mnistCache {
	cache, err := os.UserCacheDir()
	if err != nil || !littleEndian {
		return mnistCache{}
	}
	h := xxh3.New()
	for _, name := range []string{prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"} {
		f, err := openIDX(dir, name)
		if err != nil {
			return mnistCache{}
		}
		h.WriteString(filepath.Base(f.Name()) + "\n")
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return mnistCache{}
		}
	}
	sum := h.Sum128().Bytes()
	return mnistCache{dir: filepath.Join(cache, "percept", "mnist"), key: hex.EncodeToString(sum[:])}
}

// mapped holds the datasets already loaded from kept files by this program, by file path, so
// that loading one again maps it no second time.
var mapped struct {
	sync.Mutex
	sets map[string]mappedSet
}

type mappedSet struct {
	info os.FileInfo
	d    *Dataset
}

// load returns the set from its kept file, or nil if there is none that checks out.
func (c mnistCache) load() *Dataset {
	if c.key == "" {
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(c.dir, c.key+"-*.f64"))
	for _, path := range paths {
		if d := c.loadFile(path); d != nil {
			return d
		}
	}
	return nil
}

// loadFile returns the set in the kept file at path, or nil after removing the file if it
// does not check out.
func (c mnistCache) loadFile(path string) *Dataset {
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	mapped.Lock()
	defer mapped.Unlock()
	if m, ok := mapped.sets[path]; ok && sameFile(m.info, info) {
		return m.d
	}
	const row = 8 * (MNISTSide*MNISTSide + 1) // an image's values and its label
	if size := info.Size() - int64(mnistHeader); !info.Mode().IsRegular() || size <= 0 || size%row != 0 || size/row > MaxPoints {
		os.Remove(path)
		return nil
	}
	b, unmap, err := mapValues(path)
	if err != nil {
		return nil
	}
	bad := func() *Dataset {
		unmap()
		os.Remove(path)
		return nil
	}
	if len(b) < mnistHeader || string(b[:len(mnistMagic)]) != mnistMagic {
		return bad()
	}
	n := binary.LittleEndian.Uint64(b[len(mnistMagic):])
	k := binary.LittleEndian.Uint64(b[len(mnistMagic)+8:])
	if k != MNISTSide*MNISTSide || n == 0 || n > uint64(len(b))/(8*(k+1)) || uint64(len(b)) != uint64(mnistHeader)+8*n*(k+1) {
		return bad()
	}
	values := unsafe.Slice((*float64)(unsafe.Pointer(&b[mnistHeader])), n*(k+1))
	x, y := values[:n*k:n*k], values[n*k:]
	xs, ys := hashFloats(x), hashFloats(y)
	if path != c.path(xs, ys) {
		return bad()
	}
	d := newMNIST(int(n), x, y)
	d.points.once.Do(func() { d.points.sum = xs }) // what Dataset.digest would compute
	if mapped.sets == nil {
		mapped.sets = map[string]mappedSet{}
	}
	mapped.sets[path] = mappedSet{info, d}
	return d
}

// path returns the path of the kept file whose points and labels hash to xs and ys.
func (c mnistCache) path(xs, ys [16]byte) string {
	return filepath.Join(c.dir, c.key+"-"+hex.EncodeToString(xs[:])+"-"+hex.EncodeToString(ys[:])+".f64")
}

// keep writes d's values to a kept file, whole or not at all.
func (c mnistCache) keep(d *Dataset) {
	if c.key == "" || os.MkdirAll(c.dir, 0o755) != nil {
		return
	}
	x, y := d.raw(), d.y
	xs := hashFloats(x)
	d.points.once.Do(func() { d.points.sum = xs })
	removeStale(c.dir, time.Hour)
	bytes := func(v []float64) []byte { return unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), 8*len(v)) }
	path := c.path(xs, hashFloats(y))
	err := safefile.Write(path, func(w io.Writer) error {
		head := binary.LittleEndian.AppendUint64([]byte(mnistMagic), uint64(d.Len()))
		head = binary.LittleEndian.AppendUint64(head, uint64(d.Dim()))
		for _, b := range [][]byte{head, bytes(x), bytes(y)} {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		os.Chmod(path, 0o444)
	}
}

// removeStale removes the temporary files of kept files in dir that were last written more
// than age ago: what programs killed while writing one left behind.
func removeStale(dir string, age time.Duration) {
	tmps, _ := filepath.Glob(filepath.Join(dir, ".*.f64.*"))
	for _, tmp := range tmps {
		if info, err := os.Lstat(tmp); err == nil && time.Since(info.ModTime()) > age {
			os.Remove(tmp)
		}
	}
}
