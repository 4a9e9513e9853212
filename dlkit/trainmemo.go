package dlkit

import (
	"os"
	"slices"
	"sync"
)

// A notebook cell's program often asks TrainOnce for the same network several times (a helper
// that builds on another calls it again: a fine-tuned network starts from the frozen one,
// which starts from the base one), and reading a model file back takes milliseconds even from
// its binary copy. So TrainOnce keeps what it read or saved in this process, by path, and uses
// it again while the file is the same one, unchanged: the same file (device and inode: a file
// written again is a new one, safefile renames it into place), size and modification time.
// Each caller gets a copy of its own.

var trained struct {
	sync.Mutex
	files map[string]trainedFile
}

type trainedFile struct {
	info os.FileInfo
	m    *MLP
	t    *trainingJSON
}

// recallTrained returns a copy of what TrainOnce last read from or saved to path in this
// process, if the file is still as it was then; otherwise it reads the file (loadTrained) and
// keeps what it read.
func recallTrained(path string) (*MLP, *trainingJSON, error) {
	info, err := os.Stat(path)
	if err == nil {
		trained.Lock()
		f, ok := trained.files[path]
		trained.Unlock()
		if ok && sameFile(f.info, info) {
			return f.m.Clone(), f.t.clone(), nil
		}
	}
	m, t, err := loadTrained(path)
	if err != nil {
		return nil, nil, err
	}
	if info != nil {
		rememberTrained(path, info, m, t)
	}
	return m.Clone(), t.clone(), nil
}

// rememberTrained keeps m and t (not copied: the caller no longer changes them) as what the
// file at path, described by info, holds.
func rememberTrained(path string, info os.FileInfo, m *MLP, t *trainingJSON) {
	trained.Lock()
	defer trained.Unlock()
	if trained.files == nil {
		trained.files = make(map[string]trainedFile)
	}
	trained.files[path] = trainedFile{info, m, t}
}

func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// clone returns a deep copy of t (nil for nil).
func (t *trainingJSON) clone() *trainingJSON {
	if t == nil {
		return nil
	}
	c := *t
	c.Loss, c.Accuracy = slices.Clone(t.Loss), slices.Clone(t.Accuracy)
	if t.Params != nil {
		c.Params = make([][]float64, len(t.Params))
		for i, p := range t.Params {
			c.Params[i] = slices.Clone(p)
		}
	}
	return &c
}
