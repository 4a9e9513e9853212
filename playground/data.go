package playground

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
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

// loadCSV reads a CSV file of points for a playground: two features, and with binary only
// the labels 0 and 1 (for one sigmoid unit).
func loadCSV(path string, binary bool) (*dlkit.Dataset, error) {
	d, err := dlkit.LoadCSV(path)
	if err != nil {
		return nil, err
	}
	if d.Dim() != 2 {
		return nil, fmt.Errorf("playground: %s has %d features; a playground draws points of 2 (x1, x2)", path, d.Dim())
	}
	if binary && d.Classes() != 2 {
		return nil, fmt.Errorf("playground: %s has %d classes; one sigmoid unit tells 2 apart (labels 0 and 1)", path, d.Classes())
	}
	return d, nil
}
