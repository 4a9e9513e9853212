// Package safefile writes files so that a reader never sees half of one: the content goes to a
// temporary file in the same directory, which is renamed over the target only when complete.
package safefile

import (
	"bufio"
	"io"
	"os"
	"path/filepath"
)

// Write creates or replaces the file at path with what write writes, with mode 0644. If write
// or any step after it fails, the file at path is left as it was and no temporary file remains.
func Write(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	bw := bufio.NewWriter(tmp)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return err
}
