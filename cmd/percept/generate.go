package main

import (
	"fmt"
	"io"

	"github.com/percept-go/percept/dlkit"
)

func generate(args []string, stdout, _ io.Writer) error {
	c := newCommand("generate", "-kind moons [-n 200] [-noise 0.1] [-classes 3] [-seed S] [-o FILE.csv]",
		fmt.Sprintf(`Writes one of the classic toy datasets as CSV, to standard output or -o: moons, circles, xor,
spirals, blobs or separable. At most %d points (dlkit.MaxPoints), %d classes (MaxClasses).`, dlkit.MaxPoints, dlkit.MaxClasses), stdout)
	var (
		kind    = choiceFlag{"", []string{"moons", "circles", "xor", "spirals", "blobs", "separable"}}
		n       = intFlag{200, 1, dlkit.MaxPoints, "points"}
		noise   = floatFlag{0.1, atLeast0}
		classes = intFlag{3, 2, dlkit.MaxClasses, "classes"}
		out     outputFlag
		seed    = c.Uint64("seed", 0, "random seed")
	)
	c.Var(&kind, "kind", "the `dataset`: moons, circles, xor, spirals, blobs or separable")
	c.Var(&n, "n", "number of `points`")
	c.Var(&noise, "noise", "standard `deviation` of the noise added to each coordinate, 0 or more")
	c.Var(&classes, "classes", "number of `classes`, for spirals and blobs")
	c.Var(&out, "o", "write to this `file` instead of standard output")
	if err := c.parse(args); err != nil {
		return err
	}
	switch {
	case kind.v == "":
		return c.mistake("-kind is required")
	case c.set("classes") && kind.v != "spirals" && kind.v != "blobs":
		return c.mistake("-classes is for spirals and blobs, not %s", kind.v)
	case c.set("noise") && kind.v == "separable":
		return c.mistake("-noise is not for separable")
	}
	var (
		d   *dlkit.Dataset
		err error
	)
	switch kind.v {
	case "moons":
		d, err = dlkit.Moons(n.v, noise.v, *seed)
	case "circles":
		d, err = dlkit.Circles(n.v, noise.v, *seed)
	case "xor":
		d, err = dlkit.XOR(n.v, noise.v, *seed)
	case "spirals":
		d, err = dlkit.Spirals(n.v, classes.v, noise.v, *seed)
	case "blobs":
		d, err = dlkit.Blobs(n.v, classes.v, noise.v, *seed)
	case "separable":
		d, err = dlkit.Separable(n.v, *seed)
	}
	if err != nil {
		return err
	}
	if out.v != "" {
		return d.SaveCSV(out.v)
	}
	return d.WriteCSV(stdout)
}
