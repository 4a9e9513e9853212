package dlkit

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestCheckSize(t *testing.T) {
	for i, test := range []struct {
		n, limit int
		says     string // "" for no error
	}{
		{0, 10, ""},
		{10, 10, ""},
		{11, 10, "dlkit: 11 things, beyond the limit of 10: beyond a limit"},
		{1001, MaxClasses, "1001 things, beyond the limit of 1000 (dlkit.MaxClasses)"},
		{-1, 10, "-1 things, want a number ≥ 0"},
	} {
		err := CheckSize("things", test.n, test.limit)
		switch {
		case test.says == "" && err != nil:
			t.Errorf("%d: %v", i, err)
		case test.says != "" && (err == nil || !strings.Contains(err.Error(), test.says)):
			t.Errorf("%d: error %v, want one saying %q", i, err, test.says)
		case test.says != "" && test.n > test.limit && !errors.Is(err, ErrLimit):
			t.Errorf("%d: %v does not wrap ErrLimit", i, err)
		}
	}
}

func TestMulSize(t *testing.T) {
	for i, test := range []struct {
		factors []int
		limit   int
		want    int
		says    string
	}{
		{[]int{3, 4}, 12, 12, ""},
		{[]int{}, 1, 1, ""},
		{[]int{0, math.MaxInt}, 5, 0, ""},
		{[]int{math.MaxInt, 0}, 5, 0, ""},
		{[]int{3, 5}, 12, 0, "3 × 5 = 15 weights, beyond the limit of 12"},
		// 2³² · 2³² wraps around to 0 in int64: it must not pass.
		{[]int{pow2(32), pow2(32)}, MaxParams, 0, "4294967296 × 4294967296 (more than 2⁶³) weights, beyond the limit of 67108864 (dlkit.MaxParams)"},
		{[]int{pow2(62), 4, 1}, math.MaxInt, 0, "(more than 2⁶³)"},
		{[]int{100000, 100000}, MaxParams, 0, "100000 × 100000 = 10000000000 weights"},
		{[]int{2, -3}, 100, 0, "a factor is -3"},
		{[]int{pow2(40), -3}, 100, 0, "a factor is -3"},
	} {
		if slices.Contains(test.factors, 0) && strconv.IntSize < 64 {
			continue // a 64-bit case: pow2 gave 0
		}
		got, err := MulSize("weights", test.limit, test.factors...)
		if test.says == "" {
			if err != nil || got != test.want {
				t.Errorf("%d: MulSize(%v) = %d, %v; want %d", i, test.factors, got, err, test.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), test.says) {
			t.Errorf("%d: MulSize(%v): %d, %v; want an error saying %q", i, test.factors, got, err, test.says)
		}
	}
}

// TestLimitsKeepLegitimateUses checks the limits against the largest things the tutorials and
// the README do: MNIST, the 150-layer network, a network 4096 units wide.
func TestLimitsKeepLegitimateUses(t *testing.T) {
	mnist := Inputs{Features: MNISTSide * MNISTSide}
	for i, test := range []struct {
		in      Inputs
		hidden  []int
		classes int
	}{
		{mnist, []int{256}, 10},
		{mnist, []int{4096, 4096, 4096}, 10},
		{Inputs{Features: 2}, make150(8), 3},
		{Inputs{Features: 3072}, []int{1024, 1024}, 1000},
	} {
		if err := checkSizes(test.in, test.hidden, test.classes); err != nil {
			t.Errorf("%d: %v", i, err)
		}
	}
	if _, err := MulSize("values", MaxValues, 60000, 785); err != nil {
		t.Errorf("MNIST as CSV: %v", err)
	}
	if _, err := MulSize("values", MaxValues, 10_000_000, 3); err != nil || 10_000_000 > MaxPoints {
		t.Errorf("percept speed's 10 million points: %v", err)
	}
}

// pow2 returns 2ⁿ, or 0 where an int has fewer bits (the cases that need it are 64-bit only).
func pow2(n int) int {
	if n >= strconv.IntSize-1 {
		return 0
	}
	return 1 << n
}

func make150(width int) []int {
	h := make([]int, 150)
	for i := range h {
		h[i] = width
	}
	return h
}
