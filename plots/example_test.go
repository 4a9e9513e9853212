package plots_test

import (
	"log"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// The tutorial's four points with three weight choices: (0, 0) has no boundary at all.
func ExampleDecision() {
	fig, err := plots.Decision(dlkit.TutorialData(),
		dlkit.Perceptron{Weights: []float64{1, -1}},
		dlkit.Perceptron{Weights: []float64{0, 0}},
		dlkit.Perceptron{Weights: []float64{1, 1}, Bias: -0.5},
		dlkit.Perceptron{Weights: []float64{1, 0}, Bias: 2}, // vertical: x1 = -2
	)
	if err != nil {
		log.Fatal(err)
	}
	fig.Title.Text = "Three boundaries, and a choice with none"
	if err := plots.Save(fig, "testdata/decision.png"); err != nil {
		log.Fatal(err)
	}
}

// A sigmoid unit's probability of label 1 behind separable data, with its boundary.
func ExampleDecisionMap() {
	data, err := dlkit.Separable(60, 1)
	if err != nil {
		log.Fatal(err)
	}
	p := dlkit.Perceptron{Weights: []float64{1.2, 0.8}, Bias: -0.3, Activation: dlkit.Sigmoid}
	fig, err := plots.DecisionMap(data, &p, p)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/decision_map.png"); err != nil {
		log.Fatal(err)
	}
}

// Comparing weight choices by their summed cross-entropy on the tutorial's points.
func ExampleErrorComparison() {
	weights := [][]float64{{0, 0}, {1, -1}, {1, 1}}
	biases := []float64{0, 0, 0}
	sums, err := dlkit.CompareCrossEntropy(dlkit.TutorialData(), weights, biases)
	if err != nil {
		log.Fatal(err)
	}
	fig, err := plots.ErrorComparison(sums, weights, biases)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/comparison.png"); err != nil {
		log.Fatal(err)
	}
}

func ExampleActivations() {
	fig, err := plots.Activations(-8, 8, dlkit.Step, dlkit.Sigmoid)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/activations.png"); err != nil {
		log.Fatal(err)
	}
}

// The tutorial's first example: one point, labelled 0, that the perceptron puts on the
// label-1 side of its boundary.
func ExampleDecision_onePoint() {
	point := dlkit.MustNewDataset([][]float64{{2, 3}}, []float64{0})
	p := dlkit.Perceptron{Weights: []float64{2, 3}, Bias: 0.1, Activation: dlkit.Step}
	fig, err := plots.DecisionMap(point, &p, p)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/decision_point.png"); err != nil {
		log.Fatal(err)
	}
}
