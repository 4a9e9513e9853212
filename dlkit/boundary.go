package dlkit

import (
	"fmt"
	"math"
)

// Line is the decision boundary of a unit with two inputs: the points (x1, x2) where
//
//	W1·x1 + W2·x2 + B = 0
//
// with W1 and W2 not both 0. Points on the side where the left-hand side is positive get
// label 1. When W2 = 0 the line is vertical (x1 = −B/W1) and has no slope.
type Line struct {
	W1, W2, B float64
}

// DecisionBoundary returns the line w·x + b = 0 of a unit with two weights. It returns an
// error wrapping ErrNoBoundary if both weights are 0: then z = b for every point, every point
// gets the same label, and there is no line. It returns an error wrapping ErrShape if w does not
// have two values, or ErrNotFinite for a NaN or infinite weight or bias.
func DecisionBoundary(w []float64, b float64) (Line, error) {
	if len(w) != 2 {
		return Line{}, fmt.Errorf("dlkit: a boundary line needs 2 weights, got %d: %w", len(w), ErrShape)
	}
	if err := checkParams(w, b, 2); err != nil {
		return Line{}, err
	}
	if w[0] == 0 && w[1] == 0 {
		return Line{}, fmt.Errorf("dlkit: weights are (0, 0), so z = b = %v for every point: %w", b, ErrNoBoundary)
	}
	return Line{W1: w[0], W2: w[1], B: b}, nil
}

// Vertical reports whether the line is vertical (W2 = 0).
func (l Line) Vertical() bool { return l.W2 == 0 }

// SlopeIntercept returns m and c of the line x2 = m·x1 + c; ok is false for a vertical line.
func (l Line) SlopeIntercept() (m, c float64, ok bool) {
	if l.Vertical() {
		return 0, 0, false
	}
	return -l.W1 / l.W2, -l.B / l.W2, true
}

// Clip returns the two ends of the part of the line inside the box [x1min, x1max] ×
// [x2min, x2max]; ok is false if the line misses the box. Vertical and horizontal lines are
// handled like any other.
func (l Line) Clip(x1min, x1max, x2min, x2max float64) (p, q [2]float64, ok bool) {
	// Scale so the normal (W1, W2) has its largest component ±1: nothing below overflows.
	s := math.Max(math.Abs(l.W1), math.Abs(l.W2))
	a, b, c := l.W1/s, l.W2/s, l.B/s
	// The line is p0 + t·d: p0 is its point nearest the origin, d runs along it.
	n2 := a*a + b*b
	p0 := [2]float64{-c * a / n2, -c * b / n2}
	d := [2]float64{-b, a}
	// Liang–Barsky: narrow [tmin, tmax] by each of the four sides.
	tmin, tmax := math.Inf(-1), math.Inf(1)
	lo := [2]float64{x1min, x2min}
	hi := [2]float64{x1max, x2max}
	for k := range 2 {
		if d[k] == 0 {
			if p0[k] < lo[k] || p0[k] > hi[k] {
				return p, q, false
			}
			continue
		}
		t0, t1 := (lo[k]-p0[k])/d[k], (hi[k]-p0[k])/d[k]
		if t0 > t1 {
			t0, t1 = t1, t0
		}
		tmin, tmax = math.Max(tmin, t0), math.Min(tmax, t1)
	}
	if tmin > tmax {
		return p, q, false
	}
	at := func(t float64) [2]float64 {
		r := [2]float64{p0[0] + t*d[0], p0[1] + t*d[1]}
		for k := range 2 { // keep rounding from stepping outside the box
			r[k] = math.Min(math.Max(r[k], lo[k]), hi[k])
		}
		return r
	}
	return at(tmin), at(tmax), true
}

// String describes the line as "x2 = m·x1 + c", or "x1 = c" when it is vertical.
func (l Line) String() string {
	m, c, ok := l.SlopeIntercept()
	switch {
	case !ok:
		return fmt.Sprintf("x1 = %.4g", -l.B/l.W1+0) // +0 turns −0 into 0
	case m == 0:
		return fmt.Sprintf("x2 = %.4g", c+0)
	case c == 0:
		return fmt.Sprintf("x2 = %.4g·x1", m)
	case c < 0:
		return fmt.Sprintf("x2 = %.4g·x1 - %.4g", m, -c)
	}
	return fmt.Sprintf("x2 = %.4g·x1 + %.4g", m, c)
}
