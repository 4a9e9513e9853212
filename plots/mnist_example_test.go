package plots_test

import (
	"fmt"
	"log"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// smallMNIST returns a small network trained on the first 2,000 MNIST training images, and the
// first 1,000 test images.
func smallMNIST() (*dlkit.MLP, *dlkit.Dataset) {
	train, err := dlkit.LoadMNIST("", "train")
	if err != nil {
		log.Fatal(err)
	}
	test, err := dlkit.LoadMNIST("", "test")
	if err != nil {
		log.Fatal(err)
	}
	train, _ = train.Where(func(i int) bool { return i < 2000 })
	test, _ = test.Where(func(i int) bool { return i < 1000 })
	m, err := dlkit.NewMLP(dlkit.MLPConfig{Features: 784, Hidden: []int{16}, Activation: dlkit.Tanh, Classes: 10, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := dlkit.Train(m, train, dlkit.TrainConfig{Optimizer: dlkit.Adam{LearningRate: 0.005}, Epochs: 10, BatchSize: 64}); err != nil {
		log.Fatal(err)
	}
	return m, test
}

// The first 20 test digits, and the most confidently wrong of a small network's answers.
func ExampleDigits() {
	m, test := smallMNIST()
	first := make([]int, 20)
	for i := range first {
		first[i] = i
	}
	fig, err := plots.Digits(test, first, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/digits.png"); err != nil {
		log.Fatal(err)
	}
	wrong, err := dlkit.ConfidentMistakes(m, test, 10)
	if err != nil {
		log.Fatal(err)
	}
	var idx []int
	var captions []string
	for _, w := range wrong {
		idx = append(idx, w.Index)
		captions = append(captions, fmt.Sprintf("%d, said %d (%.0f%%)", w.Label, w.Predicted, 100*w.Confidence))
	}
	if fig, err = plots.Digits(test, idx, captions); err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/mistakes.png"); err != nil {
		log.Fatal(err)
	}
}

// What the small network's 16 hidden units look for, and its confusion matrix.
func ExampleWeightImages() {
	m, test := smallMNIST()
	fig, err := plots.WeightImages(m, 16)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/weights.png"); err != nil {
		log.Fatal(err)
	}
	e, err := dlkit.Evaluate(m, test)
	if err != nil {
		log.Fatal(err)
	}
	cm, err := plots.ConfusionMatrix(e.Confusion)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(cm, "testdata/confusion.png"); err != nil {
		log.Fatal(err)
	}
}

func ExampleLines() {
	fig, err := plots.Lines("labelled images", "test accuracy",
		plots.Series{Name: "from scratch", X: []float64{20, 50, 100, 200}, Y: []float64{0.56, 0.68, 0.76, 0.84}},
		plots.Series{Name: "transferred", X: []float64{20, 50, 100, 200}, Y: []float64{0.63, 0.71, 0.75, 0.87}})
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/lines.png"); err != nil {
		log.Fatal(err)
	}
}
