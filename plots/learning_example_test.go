package plots_test

import (
	"log"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// spiralsNet trains a small network on three spiral arms.
func spiralsNet() (*dlkit.MLP, *dlkit.Dataset, dlkit.History) {
	data, err := dlkit.Spirals(300, 3, 0.05, 1)
	if err != nil {
		log.Fatal(err)
	}
	m, err := dlkit.NewMLP(dlkit.MLPConfig{Features: 2, Hidden: []int{16, 16}, Activation: dlkit.Tanh, Classes: 3, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	h, err := dlkit.Train(m, data, dlkit.TrainConfig{Optimizer: dlkit.Adam{LearningRate: 0.02}, Epochs: 300})
	if err != nil {
		log.Fatal(err)
	}
	return m, data, h
}

// The decision regions of a network trained on three spiral arms.
func ExampleRegions() {
	m, data, _ := spiralsNet()
	fig, err := plots.Regions(data, m)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/regions.png"); err != nil {
		log.Fatal(err)
	}
}

// Loss and accuracy of that training, side by side.
func ExampleTrainingCurves() {
	_, _, h := spiralsNet()
	fig, err := plots.TrainingCurves(h)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/training_curves.png"); err != nil {
		log.Fatal(err)
	}
}

// What each unit of the first hidden layer responds to.
func ExampleNeuronMaps() {
	m, data, _ := spiralsNet()
	fig, err := plots.NeuronMaps(m, 0, data)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/neuron_maps.png"); err != nil {
		log.Fatal(err)
	}
}

// Gradient descent on a two-weight unit, drawn on its error surface, and its boundary at
// several epochs.
func ExampleErrorSurface() {
	data := dlkit.TutorialData()
	m := dlkit.Logistic([]float64{1, -1}, 0)
	m.Output.B = nil // the two weights alone
	path := [][2]float64{{1, -1}}
	var epochs []int
	var ws [][]float64
	_, err := dlkit.Train(m, data, dlkit.TrainConfig{Optimizer: dlkit.SGD{LearningRate: 0.1}, Epochs: 60,
		OnEpoch: func(e dlkit.Epoch) bool {
			w := e.Model.Output.W.RawMatrix().Data
			path = append(path, [2]float64{w[0], w[1]})
			if e.Epoch%15 == 1 {
				epochs, ws = append(epochs, e.Epoch), append(ws, []float64{w[0], w[1]})
			}
			return true
		}})
	if err != nil {
		log.Fatal(err)
	}
	surface, err := plots.ErrorSurface(data, 0, [2]float64{-2, 3}, [2]float64{-2, 3}, path)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(surface, "testdata/error_surface.png"); err != nil {
		log.Fatal(err)
	}
	evolution, err := plots.Evolution(data, epochs, ws, make([]float64, len(ws)))
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(evolution, "testdata/evolution.png"); err != nil {
		log.Fatal(err)
	}
}

// Loss curves of three networks of different depth on the same data.
func ExampleLossCurves() {
	data, err := dlkit.Circles(200, 0.1, 2)
	if err != nil {
		log.Fatal(err)
	}
	var runs []plots.Run
	for _, hidden := range [][]int{nil, {4}, {8, 8}} {
		m, err := dlkit.NewMLP(dlkit.MLPConfig{Features: 2, Hidden: hidden, Activation: dlkit.Tanh, Seed: 3})
		if err != nil {
			log.Fatal(err)
		}
		h, err := dlkit.Train(m, data, dlkit.TrainConfig{Optimizer: dlkit.Adam{LearningRate: 0.02}, Epochs: 200})
		if err != nil {
			log.Fatal(err)
		}
		runs = append(runs, plots.Run{Name: "hidden " + fmtInts(hidden), History: h})
	}
	fig, err := plots.LossCurves(runs...)
	if err != nil {
		log.Fatal(err)
	}
	if err := plots.Save(fig, "testdata/loss_curves.png"); err != nil {
		log.Fatal(err)
	}
}

func fmtInts(v []int) string {
	if len(v) == 0 {
		return "none"
	}
	s := ""
	for i, x := range v {
		if i > 0 {
			s += ","
		}
		s += string(rune('0' + x))
	}
	return s
}
