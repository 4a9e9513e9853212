//go:build !unix

package dlkit

import "os"

// mapValues reads the file at path (where there is no mmap, as on Windows: it then saves the
// unpacking, not the fresh memory).
func mapValues(path string) (b []byte, unmap func(), err error) {
	b, err = os.ReadFile(path)
	return b, func() {}, err
}
