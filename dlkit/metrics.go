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

// Evaluate measures the network on the data.
func Evaluate(m *MLP, d *Dataset) (Metrics, error) {
	if err := m.checkData(d); err != nil {
		return Metrics{}, err
	}
	var f forward
	f.run(m, d.X())
	pred := make([]int, d.Len())
	for i := range pred {
		pred[i] = f.predict(i)
	}
	var grad mat.Dense
	loss, _ := f.outputGrad(&grad, d.y)
	met, err := Confusion(pred, d.y, m.Classes)
	if err != nil {
		return Metrics{}, err
	}
	met.LogLoss = loss / float64(d.Len())
	return met, nil
}

// Confusion returns the metrics other than LogLoss for predicted classes against labels, with
// the given number of classes. A label or prediction that is not a class below classes is an
// error wrapping ErrLabel, naming the point; lengths that differ are a mistake of the caller's,
// and panic.
func Confusion(predicted []int, labels []float64, classes int) (Metrics, error) {
	if len(predicted) != len(labels) {
		panic(fmt.Sprintf("dlkit: %d predictions for %d labels", len(predicted), len(labels)))
	}
	m := Metrics{Confusion: make([][]int, classes)}
	for k := range m.Confusion {
		m.Confusion[k] = make([]int, classes)
	}
	correct := 0
	for i, p := range predicted {
		if !isClass(labels[i]) || labels[i] >= float64(classes) {
			return Metrics{}, fmt.Errorf("dlkit: point %d has label %v, not a class below %d: %w", i, labels[i], classes, ErrLabel)
		}
		if p < 0 || p >= classes {
			return Metrics{}, fmt.Errorf("dlkit: point %d is predicted as class %d, not a class below %d: %w", i, p, classes, ErrLabel)
		}
		t := int(labels[i])
		m.Confusion[t][p]++
		if p == t {
			correct++
		}
	}
	m.Accuracy = float64(correct) / float64(len(predicted))
	for k := range classes {
		var predictedK, actualK int
		for j := range classes {
			predictedK += m.Confusion[j][k]
			actualK += m.Confusion[k][j]
		}
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
	return m, nil
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
