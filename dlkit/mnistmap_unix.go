//go:build unix

package dlkit

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// mapValues maps the file at path into memory, privately: writes to the memory would go to
// copies of its pages, never to the file. unmap undoes it; LoadMNIST's datasets keep their
// mapping for the rest of the program.
func mapValues(path string) (b []byte, unmap func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if size := info.Size(); size <= 0 || int64(int(size)) != size {
		return nil, nil, fmt.Errorf("dlkit: %s: %d bytes cannot be mapped", path, size)
	}
	b, err = unix.Mmap(int(f.Fd()), 0, int(info.Size()), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE)
	if err != nil {
		return nil, nil, err
	}
	return b, func() { unix.Munmap(b) }, nil
}
