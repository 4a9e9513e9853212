package dlkit_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"

	"github.com/percept-go/percept/dlkit"
)

// A network written as ONNX in float64 and read back predicts bit for bit as before.
func ExampleMLP_WriteONNX() {
	m := dlkit.Logistic([]float64{2, 3}, 0.1) // the tutorial's sigmoid perceptron
	var file bytes.Buffer
	if err := m.WriteONNX(&file, dlkit.ONNXOptions{Float64: true}); err != nil {
		log.Fatal(err)
	}
	back, err := dlkit.ReadONNX(&file)
	if err != nil {
		log.Fatal(err)
	}
	p, err := back.Forward([]float64{2, 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p)
	// Output:
	// 0.9999979547735586
}

// A network PyTorch trained and exported (scripts/make-onnx-fixtures.py), read into Percept.
func ExampleLoadONNX() {
	m, err := dlkit.LoadONNX("../notebooks/data/torch-moons.onnx")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d features, standardised: %v\n", m.Inputs.Features, m.Inputs.Mean != nil)
	for l, layer := range m.Hidden {
		_, units := layer.W.Dims()
		fmt.Printf("hidden layer %d: %d units, %v\n", l+1, units, layer.Activation)
	}
	fmt.Println(m.Classes, "classes")
	// Output:
	// 2 features, standardised: true
	// hidden layer 1: 16 units, tanh
	// hidden layer 2: 16 units, relu
	// 2 classes
}

// A graph with an operator Percept has no counterpart for is refused, naming the node.
func ExampleONNXNodeError() {
	_, err := dlkit.LoadONNX("testdata/onnx/torch-leakyrelu.onnx")
	var node *dlkit.ONNXNodeError
	if errors.As(err, &node) {
		fmt.Println(node.Index, node.OpType, node.Name, errors.Is(err, dlkit.ErrModelFile))
	}
	// Output:
	// 1 LeakyRelu /1/LeakyRelu true
}
