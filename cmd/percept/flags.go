package main

// What the subcommands share: reading flags strictly, writing numbers, and data by name.
//
// Every flag's value is checked when it is read, against the limits of dlkit (limits.go) where
// it is a size: a list with an empty entry, a size below its least or above its limit, a value
// that is not one of those offered, or a flag given twice (other than -w) is a mistake, reported
// in one line that names the flag.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/percept-go/percept/dlkit"
)

// fmtFloat writes v in the shortest form that reads back as the same float64, as Python does.
func fmtFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// A usageError is a mistake in the command line: run prints it and exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// command is a subcommand's flags and what its help says.
type command struct {
	*flag.FlagSet
	synopsis, about string
	stdout          io.Writer
	repeatable      map[string]bool // flags that may be given more than once
	bad             error           // the first bad value, said with the flag's name
}

// newCommand returns the flags of the command "percept name". synopsis is its usage line
// after the name, about a paragraph on what it does.
func newCommand(name, synopsis, about string, stdout io.Writer) *command {
	fs := flag.NewFlagSet("percept "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // mistakes are reported in one line, help goes to stdout
	fs.Usage = func() {}
	return &command{FlagSet: fs, synopsis: synopsis, about: about, stdout: stdout, repeatable: map[string]bool{}}
}

// help writes the command's help: its usage line, what it does, and its flags.
func (c *command) help(w io.Writer) {
	c.VisitAll(func(f *flag.Flag) { // the flags' own values, so that defaults show as they should
		if n, ok := f.Value.(*named); ok {
			f.Value = n.Value
		}
	})
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace(c.Name()+" "+c.synopsis), c.about)
	if hasFlags(c.FlagSet) {
		fmt.Fprintf(w, "\nFlags:\n")
		c.SetOutput(w)
		c.PrintDefaults()
		c.SetOutput(io.Discard)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses the command's flags. -h prints the help to stdout and gives flag.ErrHelp; a
// mistake gives a *usageError that names the flag.
func (c *command) parse(args []string) error {
	c.VisitAll(func(f *flag.Flag) { f.Value = &named{Value: f.Value, name: f.Name, c: c} })
	if err := c.Parse(args); err != nil {
		switch {
		case errors.Is(err, flag.ErrHelp):
			c.help(c.stdout)
			return err
		case c.bad != nil:
			return c.mistake("%v", c.bad)
		case strings.HasPrefix(err.Error(), "flag provided but not defined: "):
			return c.mistake("unknown flag %s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		return c.mistake("%v", err)
	}
	if c.NArg() > 0 {
		return c.mistake("unexpected argument %q", c.Arg(0))
	}
	return nil
}

// mistake returns a *usageError for the command: "compare: at least one -w is required (see
// percept compare -h)".
func (c *command) mistake(format string, args ...any) error {
	return &usageError{fmt.Sprintf("%s: %s (see %s -h)", strings.TrimPrefix(c.Name(), "percept "), fmt.Sprintf(format, args...), c.Name())}
}

// set reports whether the flag was given.
func (c *command) set(name string) bool {
	given := false
	c.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// named is a flag's value as parse sees it: a bad value is said with the flag's name, and a
// flag may be given only once unless it is repeatable.
type named struct {
	flag.Value
	name  string
	c     *command
	given bool
}

func (n *named) Set(s string) error {
	err := n.Value.Set(s)
	if n.given && !n.c.repeatable[n.name] {
		err = errors.New("given twice")
	}
	n.given = true
	if err != nil && n.c.bad == nil {
		n.c.bad = fmt.Errorf("-%s %q: %w", n.name, s, err)
	}
	return err
}

// IsBoolFlag keeps -json and the like working without a value.
func (n *named) IsBoolFlag() bool {
	b, ok := n.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// intFlag is an integer flag, decimal, from min to max; what says what it counts, for errors.
type intFlag struct {
	v        int
	min, max int
	what     string
}

func (f *intFlag) String() string { return strconv.Itoa(f.v) }

func (f *intFlag) Set(s string) error {
	v, err := parseInt(strings.TrimSpace(s), f.min, f.max, f.what)
	if err != nil {
		return err
	}
	f.v = v
	return nil
}

// parseInt parses a decimal integer from min to max, a limit of dlkit's, counting what.
func parseInt(s string, min, max int, what string) (int, error) {
	v, err := strconv.Atoi(s)
	switch {
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(s, "-"):
		return 0, fmt.Errorf("more than %d %s, the limit", max, what)
	case err != nil:
		return 0, fmt.Errorf("not a whole number")
	case v < min:
		return 0, fmt.Errorf("%d %s, want at least %d", v, what, min)
	}
	return v, dlkit.CheckSize(what, v, max)
}

// floatFlag is a finite float64 flag, in the range check allows (nil for any).
type floatFlag struct {
	v     float64
	check func(float64) error
}

func (f *floatFlag) String() string { return fmtFloat(f.v) }

func (f *floatFlag) Set(s string) error {
	v, err := parseFinite(s)
	if err == nil && f.check != nil {
		err = f.check(v)
	}
	if err != nil {
		return err
	}
	f.v = v
	return nil
}

// parseFinite parses a finite float64.
func parseFinite(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// The ranges of floatFlag.
func atLeast0(v float64) error {
	if v < 0 {
		return fmt.Errorf("%v is below 0", v)
	}
	return nil
}

func above0(v float64) error {
	if v <= 0 {
		return fmt.Errorf("%v is not above 0", v)
	}
	return nil
}

func fraction(v float64) error {
	if v < 0 || v > 1 {
		return fmt.Errorf("%v is not a fraction from 0 to 1", v)
	}
	return nil
}

func below1(v float64) error {
	if v < 0 || v >= 1 {
		return fmt.Errorf("%v is not from 0 up to (not including) 1", v)
	}
	return nil
}

// splitList splits a comma-separated list; an empty string is an empty list, an empty entry
// (as in "64,,64") a mistake.
func splitList(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := strings.Split(s, ",")
	for i, f := range out {
		if out[i] = strings.TrimSpace(f); out[i] == "" {
			return nil, fmt.Errorf("entry %d of %d is empty", i+1, len(out))
		}
	}
	return out, nil
}

// parseSizes parses a comma-separated list of whole numbers from min to max (counting what),
// each once unless repeats.
func parseSizes(s string, min, max int, what string, repeats bool) ([]int, error) {
	fields, err := splitList(s)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(fields))
	for i, f := range fields {
		if out[i], err = parseInt(f, min, max, what); err != nil {
			return nil, fmt.Errorf("entry %d (%q): %w", i+1, f, err)
		}
		if !repeats && slices.Contains(out[:i], out[i]) {
			return nil, fmt.Errorf("%d is there twice", out[i])
		}
	}
	return out, nil
}

// stringFlag is a string flag that may not be empty.
type stringFlag struct{ v string }

func (f *stringFlag) String() string { return f.v }

func (f *stringFlag) Set(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	f.v = s
	return nil
}

// outputFlag names a file to write: its directory must exist, and for a figure, its
// extension be one plots.Save knows.
type outputFlag struct {
	v      string
	figure bool
}

func (f *outputFlag) String() string { return f.v }

func (f *outputFlag) Set(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	if f.figure {
		ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(s), "."))
		if !slices.Contains(figureFormats, ext) {
			return fmt.Errorf("the extension must say the format: .%s", strings.Join(figureFormats, ", ."))
		}
	}
	if fi, err := os.Stat(filepath.Dir(s)); err != nil || !fi.IsDir() {
		return fmt.Errorf("no directory %s to write it in", filepath.Dir(s))
	}
	f.v = s
	return nil
}

// figureFormats are the formats plots.Save writes.
var figureFormats = []string{"png", "svg", "pdf", "eps", "jpg", "jpeg", "tif", "tiff"}

// choiceFlag is a flag whose value is one of a list.
type choiceFlag struct {
	v       string
	choices []string
}

func (f *choiceFlag) String() string { return f.v }

func (f *choiceFlag) Set(s string) error {
	if !slices.Contains(f.choices, s) {
		return fmt.Errorf("want %s", orList(f.choices))
	}
	f.v = s
	return nil
}

// orList writes "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// The built-in datasets: loadData's names for MNIST.
var builtin = map[string]string{"mnist": "train", "mnist-train": "train", "mnist-test": "test"}

// loadData reads a CSV file, or one of the built-in datasets: mnist (or mnist-train) for the
// 60,000 MNIST training images and mnist-test for the 10,000 test images. (A file with one of
// those names is ./mnist.)
func loadData(name string) (*dlkit.Dataset, error) {
	if set, ok := builtin[name]; ok {
		return dlkit.LoadMNIST("", set)
	}
	return dlkit.LoadCSV(name)
}
