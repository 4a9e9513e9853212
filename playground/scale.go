package playground

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A browser's slider (<input type="range">) moves in whole steps, from 0 to n−1. A playground
// gives each position a real value, listed in a Scale, and shows that value beside the slider
// as it moves; Go receives the position and looks the value up. Linear scales suit weights and
// biases, logarithmic ones rates that matter by their order of magnitude.

// Scale is the list of values a slider's positions stand for, in order.
type Scale []float64

// Linear returns the scale from lo to hi in steps of step: lo, lo+step, ..., hi. Each value
// is the float64 nearest the decimal it stands for (0.3, not 0.30000000000000004), so a slider
// set to 0 gives exactly 0. It panics unless lo < hi, step > 0 and (hi−lo)/step is a whole
// number of at most 100,000 steps.
func Linear(lo, hi, step float64) Scale {
	n := (hi - lo) / step
	if !(lo < hi) || !(step > 0) || math.Abs(n-math.Round(n)) > 1e-9*n || n > 1e5 {
		panic(fmt.Sprintf("playground: Linear(%v, %v, %v): want lo < hi and a whole number of steps", lo, hi, step))
	}
	k := int(math.Round(n))
	decimals := max(decimalsOf(lo), decimalsOf(step))
	s := make(Scale, k+1)
	for i := range s {
		v := lo + float64(i)*(hi-lo)/float64(k)
		s[i], _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', decimals, 64), 64)
		if s[i] == 0 {
			s[i] = 0 // not −0
		}
	}
	return s
}

// decimalsOf returns the number of decimals v's shortest form has: 2 for 0.25.
func decimalsOf(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

// Log returns a logarithmic scale from lo to hi (both > 0) with the values 1, 3 (or 1, 2, 5
// with fine) times each power of ten between them, as TensorFlow Playground's learning rates
// go: Log(1e-5, 10, false) is 0.00001, 0.00003, 0.0001, ..., 3, 10. Each value is the float64
// nearest its decimal. It panics unless 0 < lo < hi.
func Log(lo, hi float64, fine bool) Scale {
	if !(lo > 0 && lo < hi) || math.IsInf(hi, 0) {
		panic(fmt.Sprintf("playground: Log(%v, %v): want 0 < lo < hi", lo, hi))
	}
	mantissas := []float64{1, 3}
	if fine {
		mantissas = []float64{1, 2, 5}
	}
	var s Scale
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for _, m := range mantissas {
			v, _ := strconv.ParseFloat(strconv.FormatFloat(m, 'f', -1, 64)+"e"+strconv.Itoa(int(e)), 64)
			if v >= lo*(1-1e-12) && v <= hi*(1+1e-12) {
				s = append(s, v)
			}
		}
	}
	return s
}

// With returns the scale with v among its values, in order: s itself if v is one of them, or
// a copy with v added (a starting value of a config between or beyond its positions). s must
// be in increasing order, as Linear and Log make it.
func (s Scale) With(v float64) Scale {
	i, found := slices.BinarySearch(s, v)
	if found {
		return s
	}
	return slices.Insert(slices.Clone(s), i, v)
}

// Nearest returns the position whose value is nearest v (the first of two as near).
func (s Scale) Nearest(v float64) int {
	best := 0
	for i, x := range s {
		if math.Abs(x-v) < math.Abs(s[best]-v) {
			best = i
		}
	}
	return best
}

// At returns the value of position i, clamped to the scale's ends: a position from a browser
// is data, and data out of range must not panic.
func (s Scale) At(i int) float64 { return s[min(max(i, 0), len(s)-1)] }

// position returns the value of the position a slider sent, as text: data from a browser, so
// anything but a whole number is an error that names the slider.
func (s Scale) position(slider, v string) (float64, error) {
	i, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("playground: slider %s sent %q, not a position (0 to %d)", slider, v, len(s)-1)
	}
	return s.At(i), nil
}

// Labels returns each value as a slider shows it: its shortest decimal form.
func (s Scale) Labels() []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return out
}
