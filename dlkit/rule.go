package dlkit

import (
	"fmt"
	"math"
)

// RuleEpoch records one pass of the perceptron learning rule.
type RuleEpoch struct {
	Mistakes int       // points the perceptron got wrong during the pass
	Weights  []float64 // the weights after the pass
	Bias     float64
}

// LearnRule trains a step perceptron with Rosenblatt's learning rule, changing p in place: for
// each point in turn, with predicted label ŷ and true label y,
//
//	w ← w + rate·(y − ŷ)·x,   b ← b + rate·(y − ŷ)
//
// which moves the boundary towards each misclassified point and leaves it alone otherwise. It
// stops after an epoch with no mistakes, or after epochs passes, and returns a record of each
// pass. If a line can separate the data it finds one (the perceptron convergence theorem);
// otherwise it never settles. The data must have labels 0 and 1.
func (p *Perceptron) LearnRule(d *Dataset, rate float64, epochs int) ([]RuleEpoch, error) {
	if p.Activation != Step {
		return nil, fmt.Errorf("dlkit: the perceptron rule trains step units, this one is %v; train a sigmoid unit with Train (see Logistic)", p.Activation)
	}
	if err := p.check(d.Dim()); err != nil {
		return nil, err
	}
	if err := d.checkBinary("the perceptron rule"); err != nil {
		return nil, err
	}
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, fmt.Errorf("dlkit: learning rate %v, want a finite value > 0", rate)
	}
	if epochs < 1 {
		return nil, fmt.Errorf("dlkit: %d epochs, want at least 1", epochs)
	}
	if err := CheckSize("epochs", epochs, MaxEpochs); err != nil {
		return nil, err
	}
	if _, err := MulSize("weights and biases recorded, one set per epoch", MaxParams, epochs, d.Dim()+1); err != nil {
		return nil, err
	}
	var out []RuleEpoch
	for range epochs {
		mistakes := 0
		for i := range d.Len() {
			x := d.Point(i)
			if diff := d.y[i] - step(weightedSum(p.Weights, x, p.Bias)); diff != 0 {
				mistakes++
				for j, v := range x {
					p.Weights[j] += rate * diff * v
				}
				p.Bias += rate * diff
			}
		}
		out = append(out, RuleEpoch{Mistakes: mistakes, Weights: append([]float64(nil), p.Weights...), Bias: p.Bias})
		if mistakes == 0 {
			break
		}
	}
	if err := checkParams(p.Weights, p.Bias, d.Dim()); err != nil {
		return out, fmt.Errorf("dlkit: the perceptron rule overflowed: %w", err)
	}
	return out, nil
}
