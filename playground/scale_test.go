package playground

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

func TestLinear(t *testing.T) {
	for i, test := range []struct {
		lo, hi, step float64
		n            int
		at           map[int]float64
	}{
		{-5, 5, 0.1, 101, map[int]float64{0: -5, 50: 0, 53: 0.3, 100: 5}},
		{0, 0.5, 0.05, 11, map[int]float64{0: 0, 3: 0.15, 10: 0.5}},
		{1, 30, 1, 30, map[int]float64{0: 1, 9: 10, 29: 30}},
		{-1, 1, 0.25, 9, map[int]float64{4: 0, 5: 0.25}},
	} {
		s := Linear(test.lo, test.hi, test.step)
		if len(s) != test.n {
			t.Errorf("%d: %d positions, want %d", i, len(s), test.n)
		}
		for pos, want := range test.at {
			// Exactly the float64 of the decimal: 0.3, not 0.30000000000000004.
			if got := s.At(pos); got != want {
				t.Errorf("%d: position %d is %v, want %v", i, pos, got, want)
			}
		}
	}
	s := Linear(-5, 5, 0.1)
	if s.At(-3) != -5 || s.At(1000) != 5 {
		t.Errorf("positions out of range give %v and %v, want the ends", s.At(-3), s.At(1000))
	}
	if s.Nearest(0.04) != 50 || s.Nearest(-7) != 0 || s.Nearest(1.26) != 63 {
		t.Errorf("Nearest: %d %d %d, want 50 0 63", s.Nearest(0.04), s.Nearest(-7), s.Nearest(1.26))
	}
	if l := s.Labels(); l[50] != "0" || l[53] != "0.3" || l[0] != "-5" {
		t.Errorf("labels %q %q %q, want 0, 0.3, -5", l[50], l[53], l[0])
	}
	for i, bad := range []func(){
		func() { Linear(1, 0, 0.1) },
		func() { Linear(0, 1, 0) },
		func() { Linear(0, 1, 0.3) },
		func() { Log(0, 1, false) },
		func() { Log(2, 1, false) },
	} {
		if !panics(bad) {
			t.Errorf("%d: no panic", i)
		}
	}
}

func TestLog(t *testing.T) {
	// TensorFlow Playground's learning rates, and the steps between them.
	if got, want := Log(1e-5, 10, false), (Scale{1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10}); !reflect.DeepEqual(got, want) {
		t.Errorf("Log(1e-5, 10): %v, want %v", got, want)
	}
	if got, want := Log(0.01, 1, true), (Scale{0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1}); !reflect.DeepEqual(got, want) {
		t.Errorf("Log(0.01, 1, fine): %v, want %v", got, want)
	}
	if got := Log(0.002, 0.04, false); !reflect.DeepEqual(got, Scale{0.003, 0.01, 0.03}) {
		t.Errorf("Log(0.002, 0.04): %v, want the values within the range", got)
	}
}

func panics(f func()) (p bool) {
	defer func() { p = recover() != nil }()
	f()
	return false
}

// With adds a value between or beyond a scale's positions in order, and leaves the scale as it
// is when the value is one of them.
func TestScaleWith(t *testing.T) {
	s := Linear(1, 5, 1)
	if got := s.With(3); &got[0] != &s[0] || len(got) != 5 {
		t.Errorf("With(3) = %v, want s itself", got)
	}
	for _, test := range []struct {
		v    float64
		want Scale
	}{{2.5, Scale{1, 2, 2.5, 3, 4, 5}}, {0, Scale{0, 1, 2, 3, 4, 5}}, {100, Scale{1, 2, 3, 4, 5, 100}}} {
		if got := s.With(test.v); !slices.Equal(got, test.want) {
			t.Errorf("With(%v) = %v, want %v", test.v, got, test.want)
		}
	}
	if !slices.Equal(s, Linear(1, 5, 1)) {
		t.Errorf("With changed the scale: %v", s)
	}
}

func TestDecimals(t *testing.T) {
	for _, test := range []struct {
		v    float64
		prec int
		want string
	}{{0.69314718, 4, "0.6931"}, {999999.5, 1, "999999.5"}, {3.4984e301, 4, "3.4984e+301"}, {-2e7, 3, "-2.000e+07"}, {math.Inf(1), 4, "+Inf"}} {
		if got := decimals(test.v, test.prec); got != test.want {
			t.Errorf("decimals(%v, %d) = %q, want %q", test.v, test.prec, got, test.want)
		}
	}
}
