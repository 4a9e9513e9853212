package dlkit

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Metrics measure a classifier on labelled data.
type Metrics struct {
	// Accuracy is the fraction of points whose predicted class is their label.
	Accuracy float64
	// Confusion[t][p] counts the points of true class t predicted as class p.
	Confusion [][]int
	// Per class k: Precision is the fraction of points predicted k that are k, Recall the
	// fraction of points of class k predicted k, and F1 their harmonic mean. They are NaN
	// where their denominator is 0 (no point predicted k, or none of class k).
	Precision, Recall, F1 []float64
	// LogLoss is the mean cross-entropy of the predicted probabilities, computed from the
	// logits (so it is finite even for confidently wrong predictions).
	LogLoss float64
}

// Evaluate measures the network on the data. It passes the points through the network a
// batch at a time, so it needs little memory beyond the data's, however many points there
// are. A network output that is not finite (weights too large for a point) is an error naming
// the point, wrapping ErrNotFinite.
func Evaluate(m *MLP, d *Dataset) (Metrics, error) {
	if err := m.checkData(d); err != nil {
		return Metrics{}, err
	}
	met := newMetrics(m.Classes)
	var (
		loss float64
		grad mat.Dense
	)
	err := m.forEachBatch(d.matrix(), d.src, false, func(lo int, f *forward) error {
		n, _ := f.logits.Dims()
		for i := range n {
			met.Confusion[int(d.y[lo+i])][f.predict(i)]++
		}
		loss, _ = f.outputGrad(&grad, d.y[lo:lo+n], loss) // one running sum, in the order of the points
		return nil
	})
	if err != nil {
		return Metrics{}, err
	}
	met.LogLoss = loss / float64(d.Len())
	if !finite(met.LogLoss) {
		return Metrics{}, fmt.Errorf("dlkit: the log-loss is beyond the float64 range (the network's logits are too large): %w", ErrNotFinite)
	}
	met.finish()
	return met, nil
}

// Confusion returns the metrics other than LogLoss for predicted classes against labels, with
// the given number of classes (2 to MaxClasses). A label or prediction that is not a class
// below classes is an error wrapping ErrLabel, naming the point, and no points an error
// wrapping ErrEmpty; lengths that differ are a mistake of the caller's, and panic.
func Confusion(predicted []int, labels []float64, classes int) (Metrics, error) {
	if len(predicted) != len(labels) {
		panic(fmt.Sprintf("dlkit: %d predictions for %d labels", len(predicted), len(labels)))
	}
	if classes < 2 {
		return Metrics{}, fmt.Errorf("dlkit: %d classes, want at least 2", classes)
	}
	if err := CheckSize("classes", classes, MaxClasses); err != nil {
		return Metrics{}, err
	}
	if len(predicted) == 0 {
		return Metrics{}, fmt.Errorf("dlkit: no predictions to measure: %w", ErrEmpty)
	}
	m := newMetrics(classes)
	for i, p := range predicted {
		if err := checkLabel(labels[i], classes); err != nil {
			return Metrics{}, fmt.Errorf("dlkit: point %d: label %w", i, err)
		}
		if p < 0 || p >= classes {
			return Metrics{}, fmt.Errorf("dlkit: point %d is predicted as class %d, not a class below %d: %w", i, p, classes, ErrLabel)
		}
		m.Confusion[int(labels[i])][p]++
	}
	m.finish()
	return m, nil
}

// newMetrics returns Metrics with an empty classes × classes confusion table.
func newMetrics(classes int) Metrics {
	m := Metrics{Confusion: make([][]int, classes)}
	for k := range m.Confusion {
		m.Confusion[k] = make([]int, classes)
	}
	return m
}

// finish sets the accuracy, precision, recall and F1 from the confusion table.
func (m *Metrics) finish() {
	classes := len(m.Confusion)
	correct, n := 0, 0
	for k := range classes {
		var predictedK, actualK int
		for j := range classes {
			predictedK += m.Confusion[j][k]
			actualK += m.Confusion[k][j]
		}
		n += actualK
		correct += m.Confusion[k][k]
		tp := float64(m.Confusion[k][k])
		precision, recall := tp/float64(predictedK), tp/float64(actualK)
		m.Precision = append(m.Precision, precision)
		m.Recall = append(m.Recall, recall)
		f1 := 2 * precision * recall / (precision + recall)
		if tp == 0 && predictedK > 0 && actualK > 0 {
			f1 = 0 // 0/0 above, but both precision and recall are 0
		}
		m.F1 = append(m.F1, f1)
	}
	m.Accuracy = float64(correct) / float64(n)
}

// String lays the metrics out as a small report: accuracy and log-loss, the confusion matrix,
// and precision, recall and F1 per class.
func (m Metrics) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "accuracy %.4f   log-loss %.4f\n", m.Accuracy, m.LogLoss)
	b.WriteString("confusion (rows: true class, columns: predicted)\n")
	for t, row := range m.Confusion {
		fmt.Fprintf(&b, "  %3d:", t)
		for _, c := range row {
			fmt.Fprintf(&b, " %6d", c)
		}
		b.WriteString("\n")
	}
	b.WriteString("class  precision  recall      F1\n")
	for k := range m.Precision {
		fmt.Fprintf(&b, "%5d  %9s  %6s  %6s\n", k, pct(m.Precision[k]), pct(m.Recall[k]), pct(m.F1[k]))
	}
	return b.String()
}

func pct(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

// A Mistake is a point a network labels wrong.
type Mistake struct {
	Index      int     // the point's index in the data
	Label      int     // its true class
	Predicted  int     // the class the network chose
	Confidence float64 // the probability the network gave its choice
}

// ConfidentMistakes returns the (at most) k points the network labels wrong with the highest
// probability for its wrong choice, the most confident first: often mislabelled or odd data,
// sometimes a blind spot.
func ConfidentMistakes(m *MLP, d *Dataset, k int) ([]Mistake, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	if err := m.Inputs.checkFeatures(d.Dim(), "the data has"); err != nil {
		return nil, err
	}
	// One forward pass gives both what PredictBatch and ProbaBatch would.
	var f forward
	f.run(m, d.X())
	p := make([]float64, m.Classes)
	var wrong []Mistake
	for i := range d.Len() {
		if c, y := f.predict(i), int(d.Label(i)); c != y {
			wrong = append(wrong, Mistake{Index: i, Label: y, Predicted: c, Confidence: f.proba(p, i)[c]})
		}
	}
	slices.SortStableFunc(wrong, func(a, b Mistake) int { return cmp.Compare(b.Confidence, a.Confidence) })
	return wrong[:min(k, len(wrong))], nil
}
