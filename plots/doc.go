// Package plots draws Percept's figures with gonum.org/v1/plot: two-class data with decision
// boundaries and probability maps, comparisons of weight choices by their error, and
// activation curves. Each figure is a *plot.Plot that can be changed further (titles, ranges,
// more plotters) and then shown inline in a GoNB notebook with [Show] or written to a PNG,
// SVG or PDF file with [Save].
//
// The pieces are gonum/plot Plotters, to compose into figures of one's own:
//
//   - [Classes]: the points of a dataset, label 0 as blue dots and label 1 as orange stars;
//   - [Boundary]: a decision boundary w1·x1 + w2·x2 + b = 0, drawn across the whole plot;
//   - [ProbabilityMap]: the plot's background coloured by any model's probability of label 1.
//
// Boundary and ProbabilityMap fill whatever range the axes show and do not change it, so add
// them to a plot whose range is set by the data (or by hand). gonum/plot draws plotters in the
// order they were added: add a ProbabilityMap first, so that it lies behind the rest.
//
// Package plots imports dlkit; dlkit never imports plots.
package plots
