package dlkit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/percept-go/percept/internal/safefile"
	"github.com/zeebo/xxh3"
)

// The MNIST files ship gzipped, and unpacking the 47 MB of training images costs a good part
// of a second — in every notebook cell, since every cell runs the program anew. So
// readIDXFile unpacks a gzipped file once and keeps the unpacked copy in the user's cache
// directory (unpackedDir), where the next read finds it by the gzipped file's hash. A copy
// is used only if its own hash, recorded in its name, still matches; anything wrong with the
// cache (no cache directory, a full disk, a damaged copy) only means unpacking again.

// unpackedDir returns the directory of the unpacked copies: percept/idx in os.UserCacheDir
// ($XDG_CACHE_HOME or ~/.cache on Linux).
func unpackedDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "percept", "idx"), nil
}

// readIDXFile reads the IDX file at path, gzipped or not, as ReadIDX does; errors are
// prefixed by the path. A gzipped file is read from its unpacked copy in the cache if there is
// one, and leaves one there if not.
func readIDXFile(path string) (dims []int, data []byte, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("dlkit: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if head, _ := br.Peek(2); !bytes.Equal(head, []byte{0x1f, 0x8b}) {
		if dims, data, err = ReadIDX(br); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return dims, data, nil
	}
	h := xxh3.New()
	if _, err := io.Copy(h, br); err != nil {
		return nil, nil, fmt.Errorf("dlkit: %w", err)
	}
	gz := h.Sum128().Bytes()
	dir, cacheErr := unpackedDir()
	prefix := filepath.Join(dir, hex.EncodeToString(gz[:])+"-")
	if cacheErr == nil {
		if dims, data, ok := readUnpacked(prefix); ok {
			return dims, data, nil
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, fmt.Errorf("dlkit: %w", err)
	}
	if dims, data, err = ReadIDX(f); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if cacheErr == nil {
		writeUnpacked(dir, prefix, dims, data)
	}
	return dims, data, nil
}

// unpacked returns the IDX file of the given dimensions and elements, uncompressed.
func unpacked(dims []int, data []byte) []byte {
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

// readUnpacked reads the unpacked copy whose name starts with prefix, if there is one and its
// contents hash to the rest of its name.
func readUnpacked(prefix string) (dims []int, data []byte, ok bool) {
	names, _ := filepath.Glob(prefix + "*.idx")
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		h := xxh3.New()
		dims, data, err := ReadIDX(io.TeeReader(f, h))
		f.Close()
		sum := h.Sum128().Bytes()
		if err == nil && name == prefix+hex.EncodeToString(sum[:])+".idx" {
			return dims, data, true
		}
	}
	return nil, nil, false
}

// writeUnpacked keeps an unpacked copy, named by prefix and the hash of its contents; it
// leaves nothing behind if it fails.
func writeUnpacked(dir, prefix string, dims []int, data []byte) {
	b := unpacked(dims, data)
	sum := xxh3.Hash128(b).Bytes()
	if os.MkdirAll(dir, 0o755) == nil {
		safefile.Write(prefix+hex.EncodeToString(sum[:])+".idx", func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		})
	}
}
