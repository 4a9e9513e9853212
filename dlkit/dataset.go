package dlkit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of labelled points: n points with k features each, and a label per point.
// Labels are class numbers 0, 1, ..., c−1; a dataset has c = max(2, largest label + 1)
// classes (or more: the parts Split makes keep the whole's, and MNIST's sets have ten), so
// labels 0 and 1 make a binary dataset, the kind the perceptron and binary cross-entropy work
// on. A Dataset is always valid — at least one point, at least one feature,
// every value finite, every label a class number — because the only ways to make one
// ([NewDataset], [ReadCSV], [Separable], ...) check it. It is not modified after it is made,
// so it is safe to share.
type Dataset struct {
	x         *mat.Dense // n×k, row i is point i; nil for a subset whose rows are not copied yet
	rows      *rowPick   // a subset's points, rows of another dataset's matrix; nil if x is set
	y         []float64
	classes   int
	names     []string // k feature names
	labelName string   // the label column's name
	src       *source  // where the points came from, for errors; nil if made in memory
	points    *pointsDigest
}

// NewDataset returns a dataset of the given points (one slice per point) and labels (class
// numbers 0, 1, 2, ...). The values are copied. It returns an error, saying which point and
// feature, if there are no points, if points differ in length, if a value is NaN or infinite,
// or if a label is not a class number.
func NewDataset(points [][]float64, labels []float64) (*Dataset, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("dlkit: no points: %w", ErrEmpty)
	}
	if len(labels) != len(points) {
		return nil, fmt.Errorf("dlkit: %d points but %d labels: %w", len(points), len(labels), ErrShape)
	}
	k := len(points[0])
	if k == 0 {
		return nil, fmt.Errorf("dlkit: point 0 has no features: %w", ErrEmpty)
	}
	if err := CheckSize("features", k, MaxFeatures); err != nil {
		return nil, err
	}
	if err := CheckSize("points", len(points), MaxPoints); err != nil {
		return nil, err
	}
	if _, err := MulSize("values (points × features)", MaxValues, len(points), k); err != nil {
		return nil, err
	}
	data := make([]float64, 0, len(points)*k)
	for i, p := range points {
		if len(p) != k {
			return nil, fmt.Errorf("dlkit: point %d has %s, point 0 has %d: %w", i, count(len(p), "feature"), k, ErrShape)
		}
		if j := firstNonFinite(p); j >= 0 {
			return nil, fmt.Errorf("dlkit: point %d, feature %d is %v: %w", i, j, p[j], ErrNotFinite)
		}
		data = append(data, p...)
	}
	for i, y := range labels {
		if err := checkLabel(y, MaxClasses); err != nil {
			return nil, fmt.Errorf("dlkit: label %d is %w", i, err)
		}
	}
	return newDataset(len(points), k, data, append([]float64(nil), labels...), nil, ""), nil
}

// MustNewDataset is like NewDataset but panics on error. It is meant for data written into a
// program or notebook, which is known to be good.
func MustNewDataset(points [][]float64, labels []float64) *Dataset {
	d, err := NewDataset(points, labels)
	if err != nil {
		panic(err)
	}
	return d
}

// checkLabel returns an error unless y is a class number below classes: an integer from 0.
// The error starts with y, for the caller to say whose label it is; beyond MaxClasses it
// wraps ErrLimit as well as ErrLabel.
func checkLabel(y float64, classes int) error {
	switch {
	case !(y >= 0 && y == math.Trunc(y)):
		return fmt.Errorf("%v is not a class number (0, 1, 2, ...): %w", y, ErrLabel)
	case y >= float64(classes) && classes == MaxClasses:
		return fmt.Errorf("%v is beyond the limit of %d classes (dlkit.MaxClasses): %w", y, MaxClasses, errLabelLimit)
	case y >= float64(classes):
		return fmt.Errorf("%v is not one of the %d classes (0 to %d): %w", y, classes, classes-1, ErrLabel)
	}
	return nil
}

// errLabelLimit is a label beyond MaxClasses: an invalid label, and beyond a limit.
var errLabelLimit = sentinels{"invalid label, beyond a limit", []error{ErrLabel, ErrLimit}}

// sentinels is an error that wraps several sentinel errors.
type sentinels struct {
	msg  string
	errs []error
}

func (e sentinels) Error() string   { return e.msg }
func (e sentinels) Unwrap() []error { return e.errs }

// newDataset wraps checked data without copying (nil data for a dataset whose caller sets x or
// rows). names may be nil for x1, ..., xk. It decides
// the number of classes, as the Dataset comment says: max(2, largest label + 1); only
// withClasses raises it.
func newDataset(n, k int, data, labels []float64, names []string, labelName string) *Dataset {
	if names == nil {
		names = make([]string, k)
		for j := range names {
			names[j] = "x" + strconv.Itoa(j+1)
		}
	}
	if labelName == "" {
		labelName = "label"
	}
	classes := 2
	for _, y := range labels {
		classes = max(classes, int(y)+1)
	}
	d := &Dataset{y: labels, classes: classes, names: names, labelName: labelName, points: new(pointsDigest)}
	if data != nil {
		d.x = mat.NewDense(n, k, data)
	}
	return d
}

// withClasses raises d's number of classes to c, for data known to have more classes than its
// labels show (a part of a larger dataset, MNIST's ten digits), and returns d.
func (d *Dataset) withClasses(c int) *Dataset {
	d.classes = max(d.classes, c)
	return d
}

// Len returns the number of points.
func (d *Dataset) Len() int { return len(d.y) }

// Dim returns the number of features of each point.
func (d *Dataset) Dim() int { return len(d.names) }

// Point returns point i. The slice shares the dataset's storage: do not modify it.
func (d *Dataset) Point(i int) []float64 {
	if d.rows != nil {
		return d.rows.row(i)
	}
	return d.x.RawRowView(i)
}

// Label returns the label of point i, a class number.
func (d *Dataset) Label(i int) float64 { return d.y[i] }

// Classes returns the number of classes: 2 for labels 0 and 1, otherwise one more than the
// largest label (or more, as the Dataset comment says).
func (d *Dataset) Classes() int { return d.classes }

// checkBinary returns an error naming the first point whose label is not 0 or 1, if any: what
// needs binary labels.
func (d *Dataset) checkBinary(what string) error { return d.checkClasses(2, what) }

// checkClasses returns an error naming the first point whose label is not below classes, if
// any; what needs the labels ("binary cross-entropy", "the network").
func (d *Dataset) checkClasses(classes int, what string) error {
	if d.classes <= classes {
		return nil
	}
	for i, y := range d.y {
		if y >= float64(classes) {
			return fmt.Errorf("dlkit: %s: label %v, but %s takes %s: %w", d.where(i), y, what, classLabels(classes), ErrLabel)
		}
	}
	return fmt.Errorf("dlkit: the data has %d classes, %s takes %d: %w", d.classes, what, classes, ErrLabel)
}

// classLabels says which labels there are for the number of classes: "labels 0 and 1",
// "labels 0 to 9".
func classLabels(classes int) string {
	if classes == 2 {
		return "labels 0 and 1"
	}
	return fmt.Sprintf("labels 0 to %d", classes-1)
}

// Labels returns a copy of the labels.
func (d *Dataset) Labels() []float64 { return append([]float64(nil), d.y...) }

// X returns the points as an n×k matrix, one point per row. It shares the dataset's storage
// and must not be modified.
func (d *Dataset) X() mat.Matrix { return d.matrix() }

// Names returns the feature names: from the CSV header if the data was read with one,
// otherwise x1, x2, ..., xk.
func (d *Dataset) Names() []string { return append([]string(nil), d.names...) }

// raw returns the points as one row-major slice of n·k values (the matrix is never a view, so
// its stride is k).
func (d *Dataset) raw() []float64 { return d.matrix().RawMatrix().Data }

// matrix returns the points as an n×k matrix of their own, with stride k: a subset's rows are
// copied into one the first time it is needed.
func (d *Dataset) matrix() *mat.Dense {
	if d.rows != nil {
		return d.rows.matrix()
	}
	return d.x
}

// TutorialData returns the four points of the tutorial this project follows: label 1 at
// (2, 3) and (1, 4), label 0 at (−1, −3) and (−4, −5).
func TutorialData() *Dataset {
	return MustNewDataset([][]float64{{2, 3}, {1, 4}, {-1, -3}, {-4, -5}}, []float64{1, 1, 0, 0})
}

// Where returns the points for which keep(i) is true, in order; an error if there are none.
// Its number of classes comes from the labels kept (at least 2), so that keeping digits 0–4
// makes a five-class dataset. The points are not copied: the subset reads them from d's storage
// (a fraction of a second saved for MNIST's 60,000 images) until something needs them as one
// matrix, such as training or Evaluate.
func (d *Dataset) Where(keep func(i int) bool) (*Dataset, error) {
	var idx []int
	for i := range d.Len() {
		if keep(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("dlkit: no point kept: %w", ErrEmpty)
	}
	return d.subset(idx), nil
}

// Relabel returns the dataset with each label y replaced by f(y); an error if a new label is
// not a class number. The number of classes is recomputed from the new labels.
func (d *Dataset) Relabel(f func(y float64) float64) (*Dataset, error) {
	labels := make([]float64, d.Len())
	for i, y := range d.y {
		labels[i] = f(y)
		if err := checkLabel(labels[i], MaxClasses); err != nil {
			return nil, fmt.Errorf("dlkit: relabelling %s: %w", d.where(i), err)
		}
	}
	r := newDataset(d.Len(), d.Dim(), nil, labels, d.names, d.labelName)
	r.x, r.rows, r.src = d.x, d.rows, d.src // the same points, not copied,
	r.points = d.points                     // and their digest computed once for both
	return r, nil
}

// Split divides the data at random into a training set with the given fraction of the points
// (rounded, at least one) and a test set with the rest (at least one). The same seed always
// gives the same split.
func (d *Dataset) Split(trainFraction float64, seed uint64) (train, test *Dataset, err error) {
	n := d.Len()
	if n < 2 {
		return nil, nil, fmt.Errorf("dlkit: cannot split %d point into two sets: %w", n, ErrEmpty)
	}
	if !(trainFraction > 0 && trainFraction < 1) {
		return nil, nil, fmt.Errorf("dlkit: training fraction %v, want a value between 0 and 1", trainFraction)
	}
	k := min(max(int(math.Round(trainFraction*float64(n))), 1), n-1)
	perm := rand.New(rand.NewPCG(seed, 0x5b117)).Perm(n)
	// Both parts keep the whole's classes: a part may lack the highest.
	return d.subset(perm[:k]).withClasses(d.classes), d.subset(perm[k:]).withClasses(d.classes), nil
}

// subset returns the points with the given indices, in that order; its classes come from its
// labels. Its points are d's rows, not copied (a rowPick) until something needs them as one
// matrix.
func (d *Dataset) subset(idx []int) *Dataset {
	labels := make([]float64, len(idx))
	for i, p := range idx {
		labels[i] = d.y[p]
	}
	pick := &rowPick{from: d.x, idx: idx}
	if d.rows != nil { // rows of rows: of the matrix they are in
		pick.from, pick.idx = d.rows.from, make([]int, len(idx))
		for i, p := range idx {
			pick.idx[i] = d.rows.idx[p]
		}
	}
	s := newDataset(len(idx), d.Dim(), nil, labels, d.Names(), d.labelName)
	s.rows = pick
	return s
}

// rowPick is a subset's points as rows idx of the matrix from, which is not modified. Where
// and Split make subsets this way, so that a subset that is only hashed (by TrainOnce, to
// find its saved network) or read point by point costs no copy of its values: the digits 0–4
// of MNIST's training set are 190 MB. What needs them as one matrix (training, Evaluate, X,
// Points) copies them, once.
type rowPick struct {
	from *mat.Dense
	idx  []int
	once sync.Once
	x    *mat.Dense
}

// row returns row i of the subset, where it is.
func (p *rowPick) row(i int) []float64 { return p.from.RawRowView(p.idx[i]) }

// matrix returns the rows copied into a matrix of their own, copying them the first time.
func (p *rowPick) matrix() *mat.Dense {
	p.once.Do(func() {
		_, k := p.from.Dims()
		data := make([]float64, 0, len(p.idx)*k)
		for i := range p.idx {
			data = append(data, p.row(i)...)
		}
		p.x = mat.NewDense(len(p.idx), k, data)
	})
	return p.x
}
