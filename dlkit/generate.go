package dlkit

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The generators below make the classic two-dimensional toy problems, seeded: the same
// arguments always give the same points. noise is the standard deviation of Gaussian noise
// added to each coordinate. Classes are balanced (they differ in size by at most one) and the
// points come in a random order. n is at most MaxPoints, the classes at most MaxClasses, and
// noise so large that a point is beyond the float64 range is an error.

// XOR returns n points in the square [−1, 1]², labelled 1 in the quadrants where x1 and x2
// have different signs: the problem a single perceptron cannot solve.
func XOR(n int, noise float64, seed uint64) (*Dataset, error) {
	return generate("XOR", n, 2, noise, seed, func(rng *rand.Rand, class int) (float64, float64) {
		// A point in the class's two quadrants, away from the axes by at least 0.1.
		x1 := 0.1 + 0.9*rng.Float64()
		x2 := 0.1 + 0.9*rng.Float64()
		if rng.IntN(2) == 1 {
			x1 = -x1
		}
		if (class == 1) == (x1 > 0) {
			x2 = -x2
		}
		return x1, x2
	})
}

// Circles returns n points on two concentric circles, label 0 on the outer one (radius 1) and
// label 1 on the inner one (radius 0.5).
func Circles(n int, noise float64, seed uint64) (*Dataset, error) {
	return generate("Circles", n, 2, noise, seed, func(rng *rand.Rand, class int) (float64, float64) {
		r := 1 - 0.5*float64(class)
		a := 2 * math.Pi * rng.Float64()
		return r * math.Cos(a), r * math.Sin(a)
	})
}

// Moons returns n points on two interleaving half circles, as scikit-learn's make_moons:
// label 0 on the upper arc centred at (0, 0), label 1 on the lower arc centred at (1, 0.5).
func Moons(n int, noise float64, seed uint64) (*Dataset, error) {
	return generate("Moons", n, 2, noise, seed, func(rng *rand.Rand, class int) (float64, float64) {
		a := math.Pi * rng.Float64()
		if class == 0 {
			return math.Cos(a), math.Sin(a)
		}
		return 1 - math.Cos(a), 0.5 - math.Sin(a)
	})
}

// Spirals returns n points on the given number of interleaved spiral arms (at least 2), one
// class per arm, each arm turning once and a half around the origin out to radius 1.
func Spirals(n, classes int, noise float64, seed uint64) (*Dataset, error) {
	if classes < 2 {
		return nil, fmt.Errorf("dlkit: Spirals needs at least 2 classes, got %d", classes)
	}
	return generate("Spirals", n, classes, noise, seed, func(rng *rand.Rand, class int) (float64, float64) {
		t := rng.Float64()
		a := 3*math.Pi*t + 2*math.Pi*float64(class)/float64(classes)
		r := 0.05 + 0.95*t
		return r * math.Cos(a), r * math.Sin(a)
	})
}

// Blobs returns n points in the given number of Gaussian clusters (at least 2), one class per
// cluster, with standard deviation noise around centres spaced evenly on a circle of radius 2.
func Blobs(n, classes int, noise float64, seed uint64) (*Dataset, error) {
	if classes < 2 {
		return nil, fmt.Errorf("dlkit: Blobs needs at least 2 classes, got %d", classes)
	}
	return generate("Blobs", n, classes, noise, seed, func(_ *rand.Rand, class int) (float64, float64) {
		a := 2 * math.Pi * float64(class) / float64(classes)
		return 2 * math.Cos(a), 2 * math.Sin(a)
	})
}

// generate draws n points, class j%classes for the j-th, from draw plus noise, and stores
// them in a random order.
func generate(name string, n, classes int, noise float64, seed uint64, draw func(rng *rand.Rand, class int) (float64, float64)) (*Dataset, error) {
	if err := CheckSize("classes", classes, MaxClasses); err != nil {
		return nil, within(name, err)
	}
	if n < classes {
		return nil, fmt.Errorf("dlkit: %s needs at least %d points for %d classes, got %d: %w", name, classes, classes, n, ErrEmpty)
	}
	if err := CheckSize("points", n, MaxPoints); err != nil {
		return nil, within(name, err)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return nil, fmt.Errorf("dlkit: %s noise %v, want a finite value ≥ 0", name, noise)
	}
	rng := rand.New(rand.NewPCG(seed, uint64(len(name))<<32|uint64(classes)))
	data := make([]float64, 2*n)
	labels := make([]float64, n)
	perm := rng.Perm(n)
	for j := range n {
		class, i := j%classes, perm[j]
		x1, x2 := draw(rng, class)
		data[2*i] = x1 + noise*rng.NormFloat64()
		data[2*i+1] = x2 + noise*rng.NormFloat64()
		labels[i] = float64(class)
	}
	if j := firstNonFinite(data); j >= 0 {
		return nil, fmt.Errorf("dlkit: %s noise %v puts point %d at %v, beyond the float64 range: %w", name, noise, j/2, data[j], ErrNotFinite)
	}
	return newDataset(n, 2, data, labels, nil, ""), nil
}

// Separable returns n random points in two dimensions, with labels that a line can separate
// perfectly. Label-1 points are drawn from a normal distribution around (2, 2) and label-0
// points around (−2, −2), both with unit standard deviation; a draw that falls within 0.5 of the
// true boundary x1 + x2 = 0, or on the wrong side of it, is drawn again. The labels alternate
// 1, 0, 1, 0, ..., so the two classes differ in size by at most one. The same n and seed always
// give the same points. n must be at least 2.
func Separable(n int, seed uint64) (*Dataset, error) {
	if n < 2 {
		return nil, fmt.Errorf("dlkit: Separable needs n ≥ 2 for two classes, got %d: %w", n, ErrEmpty)
	}
	if err := CheckSize("points", n, MaxPoints); err != nil {
		return nil, within("Separable", err)
	}
	const (
		centre = 2.0
		margin = 0.5 // minimum distance from the line x1 + x2 = 0
	)
	rng := rand.New(rand.NewPCG(seed, 0x5e9a7ab1e))
	data := make([]float64, 0, 2*n)
	labels := make([]float64, n)
	for i := range labels {
		s := 1.0 // side: +1 for label 1, −1 for label 0
		if i%2 == 1 {
			s = -1
		} else {
			labels[i] = 1
		}
		for {
			x1 := s*centre + rng.NormFloat64()
			x2 := s*centre + rng.NormFloat64()
			if s*(x1+x2)/math.Sqrt2 >= margin {
				data = append(data, x1, x2)
				break
			}
		}
	}
	return newDataset(n, 2, data, labels, nil, ""), nil
}
