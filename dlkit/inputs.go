package dlkit

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Cross is an extra input feature computed from a point's first two features, x1 and x2, as
// in TensorFlow Playground: a way to let a single unit draw curved boundaries.
type Cross uint8

const (
	X1Squared Cross = iota + 1 // x1²
	X2Squared                  // x2²
	X1X2                       // x1·x2
	SinX1                      // sin(x1)
	SinX2                      // sin(x2)
)

var crossNames = [...]string{X1Squared: "x1^2", X2Squared: "x2^2", X1X2: "x1*x2", SinX1: "sin(x1)", SinX2: "sin(x2)"}

// String returns the cross's name, such as "x1^2" or "sin(x2)".
func (c Cross) String() string {
	if c < X1Squared || c > SinX2 {
		return fmt.Sprintf("Cross(%d)", uint8(c))
	}
	return crossNames[c]
}

// MarshalText implements encoding.TextMarshaler.
func (c Cross) MarshalText() ([]byte, error) {
	if c < X1Squared || c > SinX2 {
		return nil, fmt.Errorf("dlkit: undefined feature cross %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Cross) UnmarshalText(text []byte) error {
	for v, n := range crossNames {
		if n != "" && n == string(text) {
			*c = Cross(v)
			return nil
		}
	}
	return fmt.Errorf("dlkit: unknown feature cross %q (want x1^2, x2^2, x1*x2, sin(x1) or sin(x2))", text)
}

func (c Cross) apply(x1, x2 float64) float64 {
	switch c {
	case X1Squared:
		return x1 * x1
	case X2Squared:
		return x2 * x2
	case X1X2:
		return x1 * x2
	case SinX1:
		return math.Sin(x1)
	case SinX2:
		return math.Sin(x2)
	}
	panic(fmt.Sprintf("dlkit: undefined feature cross %d", uint8(c)))
}

// checkCrosses returns an error for an undefined cross, or one that is there twice (it would
// only repeat an input).
func checkCrosses(crosses []Cross) error {
	for i, c := range crosses {
		if _, err := c.MarshalText(); err != nil {
			return err
		}
		for _, d := range crosses[:i] {
			if c == d {
				return fmt.Errorf("dlkit: feature cross %v is there twice", c)
			}
		}
	}
	return nil
}

// Inputs turns a raw point into the network's inputs: the point's Features values (but those
// Omit names), followed by one value per Cross, and then, if Mean is set, each value v becomes
// (v − Mean[i])/Scale[i].
type Inputs struct {
	Features int     // raw features per point
	Crosses  []Cross // need Features ≥ 2
	// Omit lists raw features, by index from 0 in increasing order, that are not network
	// inputs themselves; crosses may still use them. With Crosses {x1², x2²} and Omit {0, 1}
	// a network sees only x1² and x2², as TensorFlow Playground's feature switches allow.
	Omit        []int
	Mean, Scale []float64
}

// Width returns the number of network inputs: Features − len(Omit) + len(Crosses).
func (in *Inputs) Width() int { return in.Features - len(in.Omit) + len(in.Crosses) }

// OmittedNames names the raw features Omit leaves out, as "x1" or "x1 and x2" (empty for
// none).
func (in *Inputs) OmittedNames() string {
	names := make([]string, len(in.Omit))
	for i, j := range in.Omit {
		names[i] = "x" + strconv.Itoa(j+1)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// checkOmit returns an error unless Omit lists raw features in increasing order and leaves
// the network at least one input.
func (in *Inputs) checkOmit() error {
	for i, j := range in.Omit {
		if j < 0 || j >= in.Features || i > 0 && j <= in.Omit[i-1] {
			return fmt.Errorf("dlkit: Inputs.Omit %v: want indices of the %s in increasing order: %w", in.Omit, count(in.Features, "raw feature"), ErrShape)
		}
	}
	if in.Width() < 1 {
		return fmt.Errorf("dlkit: Inputs.Omit %v leaves the network no inputs: %w", in.Omit, ErrShape)
	}
	return nil
}

// checkFeatures returns an error unless k, the number of features of what has them ("the data
// has", "the point has"), is the number the network takes.
func (in *Inputs) checkFeatures(k int, what string) error {
	if k != in.Features {
		return fmt.Errorf("dlkit: the network takes %s, %s %d: %w", count(in.Features, "feature"), what, k, ErrShape)
	}
	return nil
}

// plain reports whether the network inputs are the raw features themselves, unchanged: no
// crosses, no omitted features, no standardisation (transform only copies).
func (in *Inputs) plain() bool {
	return len(in.Crosses) == 0 && len(in.Omit) == 0 && in.Mean == nil
}

// transform writes the network inputs for the raw point x into dst (of length Width()).
func (in *Inputs) transform(dst, x []float64) {
	k := 0
	if len(in.Omit) == 0 {
		k = copy(dst, x) // the usual case, and MNIST's 784 features: a copy
	} else {
		for j, v := range x {
			if !slices.Contains(in.Omit, j) {
				dst[k] = v
				k++
			}
		}
	}
	for i, c := range in.Crosses {
		dst[k+i] = c.apply(x[0], x[1])
	}
	if in.Mean != nil {
		for i := range dst {
			dst[i] = (dst[i] - in.Mean[i]) / in.Scale[i]
		}
	}
}

// Standardize sets Mean and Scale so that each network input has mean 0 and standard deviation
// 1 over the data (an input that is constant gets scale 1). Fit it on the training data, and
// the model applies the same transformation to every point it sees later.
func (in *Inputs) Standardize(d *Dataset) error {
	if err := in.checkFeatures(d.Dim(), "the data has"); err != nil {
		return err
	}
	in.Mean, in.Scale = nil, nil
	mean, sd := in.meanSD(d, nil)
	if firstNonFinite(mean) >= 0 || firstNonFinite(sd) >= 0 {
		// Values near the float64 range overflow the sums, but the mean and standard deviation
		// of finite values are finite: compute them again with every input scaled by a power
		// of two (exactly), to below 1 in magnitude, and scale the results back.
		exp := make([]int, in.Width())
		v := make([]float64, in.Width())
		for i := range d.Len() {
			in.transform(v, d.Point(i))
			for j, x := range v {
				if !finite(x) { // a cross, such as x1² of a huge x1
					return fmt.Errorf("dlkit: %s: network input %d (%s) is %v, beyond the float64 range: %w", d.where(i), j, in.inputName(j, d), x, ErrNotFinite)
				}
				_, e := math.Frexp(x)
				exp[j] = max(exp[j], e)
			}
		}
		mean, sd = in.meanSD(d, exp)
		for j, e := range exp {
			mean[j] = math.Ldexp(mean[j], e)
			sd[j] = math.Ldexp(sd[j], e)
		}
	}
	for j := range sd {
		if sd[j] == 0 { // a constant input
			sd[j] = 1
		}
	}
	in.Mean, in.Scale = mean, sd
	return nil
}

// meanSD returns the mean and standard deviation of each network input j over the data, with
// the input multiplied by 2^(−exp[j]) (exp nil for none), in one pass by Welford's method.
func (in *Inputs) meanSD(d *Dataset, exp []int) (mean, sd []float64) {
	w := in.Width()
	mean, m2 := make([]float64, w), make([]float64, w)
	v := make([]float64, w)
	for i := range d.Len() {
		in.transform(v, d.Point(i))
		for j, x := range v {
			if exp != nil {
				x = math.Ldexp(x, -exp[j])
			}
			delta := x - mean[j]
			mean[j] += delta / float64(i+1)
			m2[j] += delta * (x - mean[j])
		}
	}
	for j := range m2 {
		m2[j] = math.Sqrt(m2[j] / float64(d.Len()))
	}
	return mean, m2
}

// inputName names network input j: a feature's name, or a cross.
func (in *Inputs) inputName(j int, d *Dataset) string {
	if j < in.Features {
		return printable(d.names[j])
	}
	return in.Crosses[j-in.Features].String()
}
