package playground

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
	"github.com/percept-go/percept/plots"
)

// namedData is a dataset with the name the panel lists it by.
type namedData struct {
	name string
	d    *dlkit.Dataset
}

// datasets are a playground's datasets, in the panel's order.
type datasets []namedData

// add adds d to the list, in place of one of the same name, and returns its index.
func (ds *datasets) add(d namedData) int {
	if i := ds.index(d.name); i >= 0 {
		(*ds)[i] = d
		return i
	}
	*ds = append(*ds, d)
	return len(*ds) - 1
}

// index returns the index of the dataset of the given name, or −1.
func (ds datasets) index(name string) int {
	for i, d := range ds {
		if d.name == name {
			return i
		}
	}
	return -1
}

// names returns the datasets' names, as the panel lists them.
func (ds datasets) names() []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.name
	}
	return out
}

// quoted returns the names quoted, for an error message: "a", "b".
func (ds datasets) quoted() string {
	q := make([]string, len(ds))
	for i, d := range ds {
		q[i] = strconv.Quote(d.name)
	}
	return strings.Join(q, ", ")
}

// Limits on a CSV file of one's own, so that it draws and trains live: a frame draws every
// point, and an epoch trains on them all.
const (
	maxCSVPoints = 10_000
	// maxCoord bounds the points' coordinates: the plane around them stays finite, and wide
	// enough for its pixels to stand for different values.
	maxCoord = 1e15
)

// loadCSV reads a CSV file of points for a playground: two features, at most maxCSVPoints
// points within ±maxCoord; with binary only the labels 0 and 1 (for one sigmoid unit),
// without it at least 2 points (to split into training and test points) of at most as many
// classes as plots has colours.
func loadCSV(path string, binary bool) (*dlkit.Dataset, error) {
	d, err := dlkit.LoadCSV(path)
	if err != nil {
		return nil, err
	}
	switch {
	case d.Dim() != 2:
		return nil, fmt.Errorf("playground: %s has %d features; a playground draws points of 2 (x1, x2)", path, d.Dim())
	case d.Len() > maxCSVPoints:
		return nil, fmt.Errorf("playground: %s has %d points; a playground draws and trains live on up to %d (take a sample)", path, d.Len(), maxCSVPoints)
	case binary && d.Classes() != 2:
		return nil, fmt.Errorf("playground: %s has %d classes; one sigmoid unit tells 2 apart (labels 0 and 1)", path, d.Classes())
	case !binary && d.Len() < 2:
		return nil, fmt.Errorf("playground: %s has %d point; a playground splits its points into training and test points, and needs at least 2", path, d.Len())
	case !binary && d.Classes() > len(plots.ClassColors):
		return nil, fmt.Errorf("playground: %s has %d classes (labels 0 to %d); a playground draws up to %d, each in its colour", path, d.Classes(), d.Classes()-1, len(plots.ClassColors))
	}
	names := d.Names()
	for i := range d.Len() {
		for k, v := range d.Point(i) {
			if math.Abs(v) > maxCoord {
				return nil, fmt.Errorf("playground: %s: point %d has %s = %g; a playground draws values within ±%g (scale the data)", path, i+1, names[k], v, maxCoord)
			}
		}
	}
	return d, nil
}
