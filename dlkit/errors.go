package dlkit

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap one of these, with a message that says
// where the problem is; test for them with errors.Is.
var (
	// ErrShape: lengths or dimensions that do not match, such as a weight vector with three
	// values for two-feature data, or CSV rows with different numbers of fields.
	ErrShape = errors.New("shape mismatch")
	// ErrNotFinite: a NaN or infinite value where a finite number is needed.
	ErrNotFinite = errors.New("not a finite number")
	// ErrLabel: a label that is not a class number (0, 1, 2, ...), or not 0 or 1 where only
	// two classes make sense.
	ErrLabel = errors.New("invalid label")
	// ErrEmpty: no points, no weights, or no features.
	ErrEmpty = errors.New("empty")
	// ErrNoBoundary: a unit whose weights are all 0 has the same output everywhere, so it has
	// no decision boundary.
	ErrNoBoundary = errors.New("no decision boundary")
)

// finite reports whether x is neither NaN nor ±Inf.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// firstNonFinite returns the index of the first NaN or ±Inf in v, or −1 if there is none: the
// one finiteness check behind checkFinite, checkFiniteRow and NewDataset's.
func firstNonFinite(v []float64) int {
	for i, x := range v {
		if !finite(x) {
			return i
		}
	}
	return -1
}

// checkFinite returns an error naming what[i] for the first NaN or ±Inf in v.
func checkFinite(what string, v []float64) error {
	if i := firstNonFinite(v); i >= 0 {
		return fmt.Errorf("dlkit: %s[%d] is %v: %w", what, i, v[i], ErrNotFinite)
	}
	return nil
}

// checkFiniteRow returns an error naming row i and the column of the first NaN or ±Inf in
// row, a row of a matrix of points.
func checkFiniteRow(i int, row []float64) error {
	if j := firstNonFinite(row); j >= 0 {
		return fmt.Errorf("dlkit: row %d, column %d of the points is %v: %w", i, j, row[j], ErrNotFinite)
	}
	return nil
}

// checkParams checks a weight vector and bias against data with dim features.
func checkParams(w []float64, b float64, dim int) error {
	if len(w) != dim {
		return fmt.Errorf("dlkit: %s for data with %s: %w", count(len(w), "weight"), count(dim, "feature"), ErrShape)
	}
	if err := checkFinite("weights", w); err != nil {
		return err
	}
	if !finite(b) {
		return fmt.Errorf("dlkit: bias is %v: %w", b, ErrNotFinite)
	}
	return nil
}

// CheckChoices checks weight choices for data with dim features, as CompareCrossEntropy does:
// at least one weight vector, a bias for each, dim weights in each, and every value finite. The
// error names the choice at fault, and wraps ErrEmpty, ErrShape or ErrNotFinite.
func CheckChoices(weights [][]float64, biases []float64, dim int) error {
	if len(weights) == 0 {
		return fmt.Errorf("dlkit: no weight vectors to compare: %w", ErrEmpty)
	}
	if len(biases) != len(weights) {
		return fmt.Errorf("dlkit: %d weight vectors but %d biases: %w", len(weights), len(biases), ErrShape)
	}
	for c, w := range weights {
		if err := checkParams(w, biases[c], dim); err != nil {
			return &ChoiceError{c, err}
		}
	}
	return nil
}

// A ChoiceError is an error about one of several weight choices: CheckChoices's, or
// CompareCrossEntropy's for a sum beyond the float64 range. Choice counts from 0.
type ChoiceError struct {
	Choice int
	Err    error
}

func (e *ChoiceError) Error() string { return fmt.Sprintf("choice %d: %v", e.Choice, e.Err) }
func (e *ChoiceError) Unwrap() error { return e.Err }

// within returns err, an error of this package ("dlkit: ..."), with where it happened put in
// front of the rest: "dlkit: where: ...". It wraps what err wraps.
func within(where string, err error) error { return &contextError{where, err} }

type contextError struct {
	where string
	err   error
}

func (e *contextError) Error() string {
	return "dlkit: " + e.where + ": " + strings.TrimPrefix(e.err.Error(), "dlkit: ")
}

func (e *contextError) Unwrap() error { return e.err }

// count returns "1 feature", "2 features", and so on.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
