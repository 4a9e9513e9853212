package gpu_test

import (
	"fmt"
	"log"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/gpu"
)

// Two weight choices over a million points, on the GPU where there is one.
func ExampleBest() {
	data, err := dlkit.Separable(1_000_000, 1)
	if err != nil {
		log.Fatal(err)
	}
	b, why := gpu.Best(data)
	defer b.Close()
	fmt.Printf("on %v: %s\n", b, why)
	sums, err := b.CompareCrossEntropy([][]float64{{1, 1}, {1, -1}}, []float64{0, 0})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sums)
}
