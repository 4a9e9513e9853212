package dlkit_test

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// The tutorial's first program: a step perceptron and one point.
func ExamplePerceptron_Predict() {
	p := dlkit.Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: dlkit.Step}
	label, err := p.Predict([]float64{2, 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Predicted label:", label)
	// Output:
	// Predicted label: 1
}

// The same point through a sigmoid: a probability, then a label.
func ExamplePerceptron_Forward() {
	p := dlkit.Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: dlkit.Sigmoid}
	prob, err := p.Forward([]float64{2, 3})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("P(label 1) = %.6f\n", prob)
	// Output:
	// P(label 1) = 0.999998
}

// Two weight choices on the tutorial's four points: the one with less error fits better.
func ExampleCompareCrossEntropy() {
	sums, err := dlkit.CompareCrossEntropy(dlkit.TutorialData(),
		[][]float64{{0, 0}, {1, -1}}, []float64{0, 0})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("w=(0, 0): %.6f\nw=(1, -1): %.6f\n", sums[0], sums[1])
	// Output:
	// w=(0, 0): 2.772589
	// w=(1, -1): 7.802039
}

func ExampleDecisionBoundary() {
	for _, w := range [][]float64{{2, 3}, {1, 0}, {0, 0}} {
		line, err := dlkit.DecisionBoundary(w, 0.1)
		if errors.Is(err, dlkit.ErrNoBoundary) {
			fmt.Println(w, "has no boundary")
			continue
		}
		fmt.Println(w, line)
	}
	// Output:
	// [2 3] x2 = -0.6667·x1 - 0.03333
	// [1 0] x1 = -0.1
	// [0 0] has no boundary
}

func ExampleReadCSV() {
	_, err := dlkit.ReadCSV(strings.NewReader("x1,x2,label\n2,3,1\n1,four,1\n"))
	fmt.Println(err)
	// Output:
	// dlkit: line 3, column 2 (x2): "four" is not a number
}

// The CPU backend: the same evaluations as a GPU's (see the gpu package), here on the CPU.
func ExampleOnCPU() {
	b := dlkit.OnCPU(dlkit.TutorialData())
	defer b.Close()
	sums, err := b.CompareCrossEntropy([][]float64{{0, 0}, {1, -1}}, []float64{0, 0})
	if err != nil {
		log.Fatal(err)
	}
	p := &dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.Step}
	labels, err := b.ForwardBatch(nil, p)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(b, sums, labels)
	// Output:
	// CPU [2.772588722239781 7.80203873765316] [1 1 0 0]
}
