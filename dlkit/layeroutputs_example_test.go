package dlkit_test

import (
	"fmt"
	"log"

	"github.com/percept-go/percept/dlkit"
	"gonum.org/v1/gonum/mat"
)

// What each hidden unit of a small network computes at three points, in one pass: the rows
// of a unit's column, over a grid of points, are its map over the plane.
func ExampleMLP_ForwardLayers() {
	net, err := dlkit.NewMLP(dlkit.MLPConfig{Features: 2, Hidden: []int{2}, Activation: dlkit.Tanh, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	points := mat.NewDense(3, 2, []float64{0, 0, 1, 0, 0, 1})
	var out dlkit.LayerOutputs
	if err := net.ForwardLayers(&out, points); err != nil {
		log.Fatal(err)
	}
	for i := range 3 {
		h := out.Hidden(0).RawRowView(i)
		fmt.Printf("point %v: units %.4f %.4f, P(label 1) %.4f\n", points.RawRowView(i), h[0], h[1], out.Proba(nil, i)[1])
	}
	// Output:
	// point [0 0]: units 0.0000 0.0000, P(label 1) 0.5000
	// point [1 0]: units 0.5495 0.0506, P(label 1) 0.4966
	// point [0 1]: units 0.5132 0.5881, P(label 1) 0.5802
}
