package plots_test

import (
	"bytes"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"

	"gonum.org/v1/plot/cmpimg"
)

func TestFigures(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleDecision, t, 0.02, "decision.png")
	cmpimg.CheckPlotApprox(ExampleDecisionMap, t, 0.02, "decision_map.png")
	cmpimg.CheckPlotApprox(ExampleErrorComparison, t, 0.02, "comparison.png")
	cmpimg.CheckPlotApprox(ExampleActivations, t, 0.02, "activations.png")
	cmpimg.CheckPlotApprox(ExampleDecision_onePoint, t, 0.02, "decision_point.png")
	cmpimg.CheckPlotApprox(ExampleRegions, t, 0.02, "regions.png")
	cmpimg.CheckPlotApprox(ExampleTrainingCurves, t, 0.02, "training_curves.png")
	cmpimg.CheckPlotApprox(ExampleNeuronMaps, t, 0.02, "neuron_maps.png")
	cmpimg.CheckPlotApprox(ExampleErrorSurface, t, 0.02, "error_surface.png", "evolution.png")
	cmpimg.CheckPlotApprox(ExampleLossCurves, t, 0.02, "loss_curves.png")
	cmpimg.CheckPlotApprox(ExampleDigits, t, 0.02, "digits.png", "mistakes.png")
	cmpimg.CheckPlotApprox(ExampleWeightImages, t, 0.02, "weights.png", "confusion.png")
	cmpimg.CheckPlotApprox(ExampleLines, t, 0.02, "lines.png")
}

func TestImageFigureErrors(t *testing.T) {
	two := dlkit.TutorialData()
	net, _ := dlkit.NewMLP(dlkit.MLPConfig{Features: 3, Hidden: []int{2}, Activation: dlkit.Tanh})
	for i, test := range []struct {
		err  error
		says string
	}{
		{second(plots.Digits(two, []int{0}, nil)), "2 features do not make a square image"},
		{second(plots.Digits(dlkit.MustNewDataset([][]float64{{1, 0, 0, 1}}, []float64{1}), []int{3}, nil)), "index 3 is outside"},
		{second(plots.Digits(dlkit.MustNewDataset([][]float64{{1, 0, 0, 1}}, []float64{1}), []int{0}, []string{"a", "b"})), "2 captions for 1 images"},
		{second(plots.WeightImages(net, 2)), "3 inputs do not make a square image"},
		{second(plots.ConfusionMatrix(nil)), "empty confusion matrix"},
		{second(plots.ConfusionMatrix([][]int{{1, 2}, {3}})), "row 1 has 1 counts, want 2"},
		{second(plots.ConfusionMatrix([][]int{{1, -2}, {3, 4}})), "count -2 at (0, 1)"},
		{second(plots.Lines("x", "y")), "no series"},
		{second(plots.Lines("x", "y", plots.Series{Name: "s", X: []float64{1}})), `series 0 ("s") has 1 x and 0 y values`},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, test.err, test.says)
		}
	}
}

func TestLearningFigureErrors(t *testing.T) {
	data := dlkit.TutorialData()
	three := dlkit.MustNewDataset([][]float64{{1, 2, 3}}, []float64{1})
	net, _ := dlkit.NewMLP(dlkit.MLPConfig{Features: 2, Hidden: []int{3}, Activation: dlkit.Tanh})
	wide, _ := dlkit.NewMLP(dlkit.MLPConfig{Features: 3, Hidden: []int{3}, Activation: dlkit.Tanh})
	for i, test := range []struct {
		err  error
		says string
	}{
		{second(plots.Regions(data, wide)), "the classifier cannot take (x1, x2)"},
		{second(plots.Regions(three, net)), "the data has 3 features"},
		{second(plots.Regions(dlkit.MustNewDataset([][]float64{{1.7e308, 0}, {-1.7e308, 1}}, []float64{0, 1}), net)), "wider than float64 numbers can draw"},
		{second(plots.LossCurves()), "no training runs"},
		{second(plots.AccuracyCurves(plots.Run{Name: "empty"})), `run 0 ("empty") has no epochs`},
		{second(plots.ErrorSurface(three, 0, [2]float64{0, 1}, [2]float64{0, 1}, nil)), "an error surface needs 2"},
		{second(plots.ErrorSurface(data, 0, [2]float64{1, 0}, [2]float64{0, 1}, nil)), "not intervals"},
		{second(plots.Evolution(data, []int{1}, nil, nil)), "1 epochs, 0 weight vectors and 0 biases"},
		{second(plots.Evolution(data, []int{1}, [][]float64{{1, 2, 3}}, []float64{0})), "boundary 0 (epoch 1)"},
		{second(plots.NeuronMaps(net, 1, data)), "no layer 1"},
		{second(plots.NeuronMaps(wide, 0, data)), "neuron maps need two-feature data and networks"},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, test.err, test.says)
		}
	}
}

func TestProgress(t *testing.T) {
	var buf strings.Builder
	p := plots.NewProgress(&buf, "moons")
	for e := 1; e <= 3; e++ {
		if !p.Update(dlkit.Epoch{Epoch: e, Epochs: 3, Loss: 1 / float64(e), Accuracy: 0.5 + 0.1*float64(e)}) {
			t.Fatal("Update returned false")
		}
	}
	p.Done()
	out := buf.String()
	// The first epoch is drawn at once, later ones at most every 0.1 s, the last always; each
	// drawing rewrites the line, and Done ends it.
	if !strings.HasPrefix(out, "\rmoons: epoch 1/3  loss 1.0000  accuracy 60.00%") || !strings.Contains(out, "\rmoons: epoch 3/3  loss 0.3333  accuracy 80.00%") || !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("progress output %q", out)
	}
	silent := plots.NewProgress(nil, "")
	silent.Update(dlkit.Epoch{Epoch: 1, Epochs: 1})
	silent.Done() // no writer: nothing to do, and no panic
}

func TestFigureErrors(t *testing.T) {
	three := dlkit.MustNewDataset([][]float64{{1, 2, 3}}, []float64{1})
	two := dlkit.TutorialData()
	sigmoid := dlkit.Perceptron{Weights: []float64{1, 1}, Activation: dlkit.Sigmoid}
	for i, test := range []struct {
		err  error
		says string
	}{
		{second(plots.Decision(three)), "the data has 3 features, a scatter plot needs 2"},
		{second(plots.Decision(two, dlkit.Perceptron{Weights: []float64{1}})), "boundary 0 (w=(1), b=0): dlkit: a boundary line needs 2 weights, got 1"},
		{second(plots.DecisionMap(two, &dlkit.Perceptron{Weights: []float64{1, 1, 1}, Activation: dlkit.Sigmoid})), "cannot map (x1, x2) to a probability"},
		{second(plots.DecisionMap(two, &dlkit.Perceptron{Weights: []float64{1, 1}})), "activation"},
		{second(plots.NewBoundary([]float64{0, 0}, 1)), "no decision boundary"},
		{second(plots.ErrorComparison(nil, nil, nil)), "no errors to compare"},
		{second(plots.ErrorComparison([]float64{1, 2}, [][]float64{{1, 1}}, []float64{0, 0})), "2 errors, 1 weight vectors and 2 biases"},
		{second(plots.ErrorComparison([]float64{math.NaN()}, [][]float64{{1, 1}}, []float64{0})), "error 0 is NaN"},
		{second(plots.ErrorComparison([]float64{-1}, [][]float64{{1, 1}}, []float64{0})), "error 0 is -1"},
		{second(plots.Activations(1, 1, dlkit.Step)), "not a finite interval"},
		{second(plots.Activations(-1, 1, dlkit.Activation(0))), "activation 0 is Activation(0), not a defined activation"},
	} {
		if test.err == nil || !strings.Contains(test.err.Error(), test.says) {
			t.Errorf("%d: error %v, want one saying %q", i, test.err, test.says)
		}
	}
	// A perceptron without a boundary is named in the legend instead of failing.
	if _, err := plots.Decision(two, dlkit.Perceptron{Weights: []float64{0, 0}}, sigmoid); err != nil {
		t.Errorf("Decision with zero weights: %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestShowOutsideNotebook(t *testing.T) {
	fig, err := plots.Activations(-1, 1, dlkit.Sigmoid)
	if err != nil {
		t.Fatal(err)
	}
	if err := plots.Show(fig); err != nil {
		t.Errorf("Show outside a notebook: %v, want nil", err)
	}
}

func TestSave(t *testing.T) {
	fig, err := plots.Decision(dlkit.TutorialData(), dlkit.Perceptron{Weights: []float64{1, -1}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"} {
		path := filepath.Join(dir, "fig"+ext)
		if err := plots.Save(fig, path); err != nil {
			t.Fatalf("%s: %v", ext, err)
		}
		b, err := os.ReadFile(path)
		if err != nil || !strings.HasPrefix(string(b), magic) {
			t.Errorf("%s: file starts %q, %v", ext, b[:min(len(b), 8)], err)
		}
	}
	if err := plots.Save(fig, filepath.Join(dir, "fig.bmp")); err == nil {
		t.Error("saving as .bmp: no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("%d files in the directory, want 3: a failed save must leave nothing", len(entries))
	}
	// The SVG keeps the legend outside the data: its text is there once.
	svg, _ := os.ReadFile(filepath.Join(dir, "fig.svg"))
	if n := strings.Count(string(svg), "w=(1, -1), b=0"); n != 1 {
		t.Errorf("legend entry appears %d times in the SVG", n)
	}
}

func TestProbabilityColor(t *testing.T) {
	white := color.RGBA{R: 255, G: 255, B: 255, A: 255}
	if got := plots.ProbabilityColor(0.5); got != white {
		t.Errorf("colour at 0.5 = %v, want white", got)
	}
	if got := plots.ProbabilityColor(math.NaN()); got.A != 0 {
		t.Errorf("colour of NaN = %v, want transparent", got)
	}
	// Towards 0 the map turns blue (label 0), towards 1 orange (label 1); beyond, it is clamped.
	c0, c1 := plots.ProbabilityColor(0), plots.ProbabilityColor(1)
	if !(c0.B > c0.R && c1.R > c1.B) {
		t.Errorf("colours at 0 and 1: %v, %v", c0, c1)
	}
	if plots.ProbabilityColor(-3) != c0 || plots.ProbabilityColor(7) != c1 {
		t.Error("probabilities outside [0, 1] are not clamped")
	}
	if c := plots.ProbabilityColor(0.25); !(c.R > c0.R && c.R < 255) {
		t.Errorf("colour at 0.25 = %v is not between white and %v", c, c0)
	}
}

// TestActivationsLegendOrder checks that the legend lists the thresholds in the order of the
// activations, every time (a map would order them at random).
func TestActivationsLegendOrder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acts.svg")
	for range 10 {
		fig, err := plots.Activations(-3, 3, dlkit.Tanh, dlkit.Sigmoid, dlkit.ReLU, dlkit.Step)
		if err != nil {
			t.Fatal(err)
		}
		if err := plots.Save(fig, path); err != nil {
			t.Fatal(err)
		}
		svg, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var at []int
		for _, s := range []string{">tanh<", ">sigmoid<", ">relu<", ">step<", ">threshold 0<", ">threshold 0.5<"} {
			at = append(at, bytes.Index(svg, []byte(s)))
		}
		if !slices.IsSorted(at) || at[0] < 0 || bytes.Count(svg, []byte(">threshold ")) != 2 {
			t.Fatalf("legend entries at %v in the SVG, want tanh, sigmoid, relu, step, threshold 0, threshold 0.5 in order, each once", at)
		}
	}
}

// TestCurvesOfFlatLosses draws the training curves of a run of one epoch, and of one whose
// loss never moved: no range for a log scale (it panicked in gonum before).
func TestCurvesOfFlatLosses(t *testing.T) {
	for i, h := range []dlkit.History{
		{Loss: []float64{0.69}, Accuracy: []float64{0.5}},
		{Loss: []float64{0.69, 0.69, 0.69}, Accuracy: []float64{0.5, 0.5, 0.5}},
		{Loss: []float64{0, 0}, Accuracy: []float64{1, 1}},
	} {
		fig, err := plots.TrainingCurves(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := plots.Save(fig, filepath.Join(t.TempDir(), "curves.png")); err != nil {
			t.Errorf("%d: %v", i, err)
		}
	}
}

// TestComparisonOfHugeSums draws sums near the top of the float64 range: the axis must stay
// finite, or gonum draws no bars at all.
func TestComparisonOfHugeSums(t *testing.T) {
	fig, err := plots.ErrorComparison([]float64{1.5e308, 1e308}, [][]float64{{-1e308, 1e308}, {0, 0}}, []float64{1e308, 1e308})
	if err != nil {
		t.Fatal(err)
	}
	if math.IsInf(fig.Y.Max, 0) || fig.Y.Max < 1.5e308 {
		t.Errorf("y axis up to %v", fig.Y.Max)
	}
	if err := plots.Save(fig, filepath.Join(t.TempDir(), "huge.png")); err != nil {
		t.Error(err)
	}
}
