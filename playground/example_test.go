package playground_test

import (
	"fmt"
	"log"
	"os"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/playground"
)

// The weights playground's first picture: what a notebook cell shows before a browser takes
// over, and all it shows without one. In a notebook cell:
//
//	nb.Check(playground.Weights(playground.WeightsConfig{}).Run())
func ExampleWeights() {
	p := playground.Weights(playground.WeightsConfig{Weights: []float64{0, 0}})
	png, err := p.Frame()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/weights.png", png, 0o644); err != nil {
		log.Fatal(err)
	}
}

// The network playground's first picture, on the spiral with sin features and three hidden
// layers. In a notebook cell:
//
//	nb.Check(playground.Network(playground.NetworkConfig{}).Run())
func ExampleNetwork() {
	p := playground.Network(playground.NetworkConfig{
		Data:       "spiral",
		Noise:      0.05,
		Features:   []string{"x1", "x2", "sin(x1)", "sin(x2)"},
		Hidden:     []int{8, 6, 4},
		Activation: dlkit.ReLU,
	})
	png, err := p.Frame()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/network.png", png, 0o644); err != nil {
		log.Fatal(err)
	}
}

// A slider moves in whole steps; a Scale says what real value each step stands for. The
// playgrounds' weights go from −5 to 5 in steps of 0.1, their learning rates by factors of
// about 3, as TensorFlow Playground's.
func ExampleScale() {
	w := playground.Linear(-5, 5, 0.1)
	fmt.Println(len(w), "positions; the middle one is", w.At(50), "and", w.At(53), "is 0.3 exactly:", w.At(53) == 0.3)
	rate := playground.Log(1e-5, 10, false)
	fmt.Println(rate.Labels())
	fmt.Println("0.03 is at position", rate.Nearest(0.03))
	// Output:
	// 101 positions; the middle one is 0 and 0.3 is 0.3 exactly: true
	// [1e-05 3e-05 0.0001 0.0003 0.001 0.003 0.01 0.03 0.1 0.3 1 3 10]
	// 0.03 is at position 7
}
