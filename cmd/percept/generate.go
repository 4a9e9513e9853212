package main

import (
	"flag"
	"io"

	"github.com/percept-go/percept/dlkit"
)

func generate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("percept generate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		kind    = fs.String("kind", "", "the dataset: moons, circles, xor, spirals, blobs or separable")
		n       = fs.Int("n", 200, "number of points")
		noise   = finiteFlag(0.1)
		classes = fs.Int("classes", 3, "number of classes, for spirals and blobs")
		seed    = fs.Uint64("seed", 0, "random seed")
		out     = fs.String("o", "", "write to this `file` instead of standard output")
	)
	fs.Var(&noise, "noise", "standard deviation of the noise added to each coordinate")
	if err := parse(fs, args); err != nil {
		return err
	}
	var (
		d   *dlkit.Dataset
		err error
	)
	switch *kind {
	case "moons":
		d, err = dlkit.Moons(*n, float64(noise), *seed)
	case "circles":
		d, err = dlkit.Circles(*n, float64(noise), *seed)
	case "xor":
		d, err = dlkit.XOR(*n, float64(noise), *seed)
	case "spirals":
		d, err = dlkit.Spirals(*n, *classes, float64(noise), *seed)
	case "blobs":
		d, err = dlkit.Blobs(*n, *classes, float64(noise), *seed)
	case "separable":
		d, err = dlkit.Separable(*n, *seed)
	case "":
		return mistake(fs, "-kind is required")
	default:
		return mistake(fs, "unknown -kind %q", *kind)
	}
	if err != nil {
		return err
	}
	if *out != "" {
		return d.SaveCSV(*out)
	}
	return d.WriteCSV(stdout)
}
