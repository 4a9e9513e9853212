package main

// What the subcommands share: reading flags and numbers, writing numbers, and data by name.

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// fmtFloat writes v in the shortest form that reads back as the same float64, as Python does.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// parse parses a command's flags. Mistakes are reported, with the command's flags, and give
// errUsage; -h gives flag.ErrHelp.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage // the flag package has printed what was wrong, and the usage
	}
	if fs.NArg() > 0 {
		return mistake(fs, "unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// mistake reports a command-line mistake with the command's flags, and returns errUsage.
func mistake(fs *flag.FlagSet, format string, args ...any) error {
	fmt.Fprintf(fs.Output(), "%s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fs.Usage()
	return errUsage
}

// parseFinite parses a finite float64.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// finiteFlag is a float64 flag that must be finite.
type finiteFlag float64

func (f *finiteFlag) String() string { return fmtFloat(float64(*f)) }

func (f *finiteFlag) Set(s string) error {
	v, err := parseFinite(s)
	*f = finiteFlag(v)
	return err
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		v, err := strconv.Atoi(f)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("%q is not a width (a whole number ≥ 1)", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// loadData reads a CSV file, or one of the built-in datasets: mnist (or mnist-train) for the
// 60,000 MNIST training images and mnist-test for the 10,000 test images.
func loadData(name string) (*dlkit.Dataset, error) {
	switch name {
	case "mnist", "mnist-train":
		return dlkit.LoadMNIST("", "train")
	case "mnist-test":
		return dlkit.LoadMNIST("", "test")
	}
	return dlkit.LoadCSV(name)
}
