//go:build unix

package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// maxRSS bounds the peak memory of the command on any bad input below: every case would take
// gigabytes if its size were not checked before allocating (a 99999-class confusion table is
// 80 GB, a 100000 × 100000 layer 80 GB, 10¹² points 24 TB, a 2³²-class model 128 EB, ...).
const maxRSS = 200 << 20

// TestBadInputs runs the built command on bad input of every kind — sizes beyond the limits,
// malformed files, bad flags — and checks that it fails as it should: a non-zero exit status,
// exactly one line on stderr starting with "percept:" and no trace of a panic, nothing on
// stdout, and a peak memory within maxRSS.
func TestBadInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "percept")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	file := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	var moons strings.Builder
	moons.WriteString("x1,x2,label\n")
	for i := range 5000 {
		moons.WriteString(strconv.Itoa(i%7) + ".5,-" + strconv.Itoa(i%5) + "," + strconv.Itoa(i%2) + "\n")
	}
	good := file("good.csv", moons.String())
	model := filepath.Join(dir, "model.json")
	if out, err := exec.Command(bin, "train", "-data", good, "-hidden", "4", "-epochs", "2", "-o", model).CombinedOutput(); err != nil {
		t.Fatalf("train: %v\n%s", err, out)
	}
	modelText, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	head := `{"format":"percept-mlp","version":1,`
	mnist := filepath.Join(dir, "mnist")
	if err := os.Mkdir(mnist, 0o755); err != nil {
		t.Fatal(err)
	}
	idx := func(name string, dims ...uint32) {
		var b bytes.Buffer
		b.Write([]byte{0, 0, 8, byte(len(dims))})
		for _, d := range dims {
			binary.Write(&b, binary.BigEndian, d)
		}
		if err := os.WriteFile(filepath.Join(mnist, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx("t10k-images-idx3-ubyte", 10000000, 28, 28) // 7.8 GB announced, none there
	idx("t10k-labels-idx1-ubyte", 10000000)
	idx("train-images-idx3-ubyte", 1<<30, 1<<30, 1<<30)
	idx("train-labels-idx1-ubyte", 60000)

	var peak int64
	manyW := []string{"compare", "-data", good}
	for i := range 257 {
		manyW = append(manyW, "-w", strconv.Itoa(i)+",1")
	}

	for i, test := range []struct {
		args []string
		says string // in the one line on stderr
	}{
		// Sizes from data beyond the limits.
		{[]string{"train", "-data", file("label.csv", "5,5,0\n5,5,1\n5,5,99999\n")}, "label.csv: line 3, column 3 (label): 99999 is beyond the limit of 1000 classes"},
		{[]string{"predict", "-model", model, "-data", file("label2.csv", "5,5,0\n5,5,130\n")}, "label2.csv: line 2, column 3 (label): 130 is not one of the 2 classes"},
		{[]string{"compare", "-data", file("label3.csv", "5,5,0\n\n5,5,3\n"), "-w", "1,1"}, "label3.csv: line 3: label 3, but binary cross-entropy takes labels 0 and 1"},
		{[]string{"compare", "-data", file("wide.csv", strings.Repeat("1,", 70000)+"0\n"), "-w", "1"}, "beyond the limit of 65536 features"},
		{[]string{"compare", "-data", file("long.csv", "1,"+strings.Repeat(" ", 5<<20)+"2,0\n"), "-w", "1,1"}, "line 1: the line is longer than 4194304 bytes"},
		{[]string{"compare", "-data", file("quote.csv", "1,\"2\n"+strings.Repeat("x\n", 3<<20)), "-w", "1,1"}, "line 1: the row is longer than 4194304 bytes"},
		{[]string{"train", "-data", "mnist-test"}, "10000000 × 28 × 28 = 7840000000 elements, beyond the limit of 268435456"},
		{[]string{"train", "-data", "mnist"}, "train-images-idx3-ubyte: IDX: dimension 0 is 1073741824, beyond the limit of 268435456 elements"},
		{[]string{"generate", "-kind", "moons", "-n", "1000000000000"}, `-n "1000000000000": dlkit: 1000000000000 points, beyond the limit of 33554432`},
		{[]string{"generate", "-kind", "blobs", "-classes", "1000000000"}, "1000000000 classes, beyond the limit of 1000"},
		{[]string{"generate", "-kind", "moons", "-noise", "1e308"}, "puts point"},
		{[]string{"train", "-data", good, "-hidden", "100000,100000"}, "200000 units in the network's layers"},
		{[]string{"train", "-data", good, "-hidden", "30000,30000"}, "900030000 weights and biases in hidden layer 1, beyond the limit of 67108864"},
		{[]string{"train", "-data", good, "-hidden", strings.TrimSuffix(strings.Repeat("1,", 1025), ",")}, "1025 hidden layers, beyond the limit of 1024"},
		{[]string{"train", "-data", good, "-hidden", "65536", "-batch", "0"}, "5000 × 131078 = 655390000 values for a training batch"},
		{[]string{"train", "-data", good, "-epochs", "99999999999999999999"}, `-epochs "99999999999999999999": more than 1000000 epochs`},
		{[]string{"speed", "-n", "1000000000000"}, "1000000000000 points, beyond the limit"},
		{[]string{"speed", "-k", "100000"}, "100000 weight choices, beyond the limit of 256"},
		{manyW, "more than 256 weight vectors"},
		// Model files: sizes that overflow, or beyond the limits.
		{[]string{"predict", "-model", file("wrap.json", head+`"classes":4294967296,"inputs":{"features":4294967296},"hidden":[],"output":{"inputs":4294967296,"units":4294967296,"weights":[],"bias":null}}`), "-data", good}, "4294967296 × 4294967296 (more than 2⁶³) weights"},
		{[]string{"predict", "-model", file("wide.json", head+`"classes":2,"inputs":{"features":2},"hidden":[{"inputs":2,"units":1073741824,"activation":"relu","weights":[],"bias":null}],"output":{"inputs":1073741824,"units":1,"weights":[],"bias":null}}`), "-data", good}, "2 × 1073741824 = 2147483648 weights"},
		{[]string{"predict", "-model", file("classes.json", head+`"classes":100000,"inputs":{"features":2},"hidden":[],"output":{"inputs":2,"units":100000,"weights":[`+strings.Repeat("0,", 199999)+`0],"bias":null}}`), "-data", good}, "100000 classes, beyond the limit of 1000"},
		{[]string{"predict", "-model", file("cut.json", string(modelText[:len(modelText)/2])), "-data", good}, "truncated or not JSON"},
		{[]string{"predict", "-model", file("perceptron.json", `{"format":"percept-perceptron","version":1,"weights":[1,2],"bias":0,"activation":"step"}`), "-data", good}, `format "percept-perceptron", want "percept-mlp"`},
		{[]string{"predict", "-model", file("huge.json", strings.Replace(string(modelText), `"weights": [`, `"weights": [1e300,`, 1)), "-data", good}, "weights"},
		{[]string{"predict", "-model", file("overflow.json", head+`"classes":2,"inputs":{"features":2},"hidden":[{"inputs":2,"units":2,"activation":"relu","weights":[1e300,1e300,1e300,1e300],"bias":null}],"output":{"inputs":2,"units":1,"weights":[1e300,-1e300],"bias":null}}`), "-data", good}, "line 2: the network computes"},
		{[]string{"predict", "-model", model, "-data", file("fields.csv", "1,2,3,4\n")}, "line 1: 4 fields, want 2 features, and optionally a label"},
		{[]string{"predict", "-model", "/dev/zero", "-data", good}, `not JSON: it starts with '\x00'`},
		{[]string{"predict", "-model", model, "-data", "/dev/zero"}, "line 1: the line is longer than"},
		{[]string{"compare", "-data", dir, "-w", "1,1"}, "is a directory"},
		{[]string{"export", "-model", "/dev/zero", "-o", filepath.Join(dir, "x.onnx")}, `not JSON: it starts with '\x00'`},
		{[]string{"export", "-model", file("wrap2.json", head+`"classes":2,"inputs":{"features":2},"hidden":[{"inputs":2,"units":4611686018427387904,"activation":"relu","weights":[],"bias":null}],"output":{"inputs":4611686018427387904,"units":1,"weights":[],"bias":null}}`), "-o", filepath.Join(dir, "x.onnx")}, "(more than 2⁶³) weights"},
		{[]string{"export", "-model", model}, "-o FILE.onnx is required"},
		{[]string{"import", "-model", "/dev/zero", "-o", filepath.Join(dir, "x.json")}, "onnx"},
		{[]string{"import", "-model", good, "-o", filepath.Join(dir, "x.json")}, "onnx"},
		{[]string{"import", "-model", model, "-o", filepath.Join(dir, "no", "x.json")}, "no directory"},
		{[]string{"predict", "-model", model, "-data", "mnist-foo.csv"}, "no such file"},
		// Results beyond the float64 range.
		{[]string{"compare", "-data", good, "-w", "1e308,1e308"}, "-w 1e308,1e308: dlkit: the summed cross-entropy is beyond the float64 range"},
		{[]string{"compare", "-data", good, "-w", "1e308,1e308", "-json"}, "-w 1e308,1e308: dlkit: the summed cross-entropy is beyond the float64 range"},
		{[]string{"train", "-data", file("cross.csv", "1,1,0\n1e200,1e200,1\n"), "-cross", "x1*x2"}, "cross.csv: line 2: network input 2 (x1*x2) is +Inf"},
		{[]string{"train", "-data", file("span.csv", "1.7e308,-1.7e308,0\n-1.7e308,1.7e308,1\n"), "-hidden", "2", "-epochs", "2", "-plot", filepath.Join(dir, "span.png")}, "wider than float64 numbers can draw"},
		// Flags.
		{[]string{"train", "-data", good, "-hidden", "64,,64"}, `-hidden "64,,64": entry 2 of 3 is empty`},
		{[]string{"train", "-data", good, "-hidden", ",,"}, `-hidden ",,": entry 1 of 3 is empty`},
		{[]string{"train", "-data", good, "-hidden", "0"}, "0 units, want at least 1"},
		{[]string{"train", "-data", good, "-hidden", "-64"}, "-64 units, want at least 1"},
		{[]string{"train", "-data", good, "-batch", "-5"}, `-batch "-5": -5 points, want at least 0`},
		{[]string{"train", "-data", good, "-epochs", "0"}, `-epochs "0"`},
		{[]string{"train", "-data", good, "-epochs", "010x"}, "not a whole number"},
		{[]string{"train", "-data", good, "-patience", "-1"}, `-patience "-1"`},
		{[]string{"train", "-data", good, "-lr", "0"}, `-lr "0": 0 is not above 0`},
		{[]string{"train", "-data", good, "-lr", "inf"}, "not a finite number"},
		{[]string{"train", "-data", good, "-opt", "sgd", "-momentum", "1"}, `-momentum "1"`},
		{[]string{"train", "-data", good, "-momentum", "0.9"}, "-momentum is for -opt sgd"},
		{[]string{"train", "-data", good, "-l2", "-1"}, `-l2 "-1"`},
		{[]string{"train", "-data", good, "-tol", "nan"}, `-tol "nan"`},
		{[]string{"train", "-data", good, "-target-acc", "2"}, `-target-acc "2"`},
		{[]string{"train", "-data", good, "-cross", "x1^2,x1^2"}, "x1^2 is there twice"},
		{[]string{"train", "-data", good, "-cross", "x1^2,"}, "entry 2 of 2 is empty"},
		{[]string{"train", "-data", good, "-cross", "x9"}, `unknown feature cross "x9"`},
		{[]string{"train", "-data", good, "-act", "step"}, `-act "step": want sigmoid, tanh or relu`},
		{[]string{"train", "-data", good, "-hidden", "", "-act", "relu"}, "there are no hidden layers"},
		{[]string{"train", "-data", good, "-data", good}, "given twice"},
		{[]string{"train", "-data", good, "-o", filepath.Join(dir, "no", "such", "m.json")}, "no directory"},
		{[]string{"train", "-data", good, "-plot", filepath.Join(dir, "x.bmp")}, "the extension must say the format"},
		{[]string{"train", "-data", good, "-seed", "-1"}, `-seed "-1"`},
		{[]string{"train", "-data", good, "extra"}, `unexpected argument "extra"`},
		{[]string{"train"}, "-data FILE.csv is required"},
		{[]string{"compare", "-data", good, "-w", "1,,2"}, `-w "1,,2": entry 2 of 3 is empty`},
		{[]string{"compare", "-data", good, "-w", ""}, `-w "": no weights`},
		{[]string{"compare", "-data", good, "-w", "1,1", "-w", "1,1"}, `-w "1,1": given twice`},
		{[]string{"compare", "-data", good, "-w", "1,1,1"}, "-w 1,1,1 has 3 values"},
		{[]string{"compare", "-data", good, "-w", "1,1", "-b", "inf"}, `-b "inf"`},
		{[]string{"compare", "-data", good}, "at least one -w is required"},
		{[]string{"compare", "-w", "1,1", "-data", filepath.Join(dir, "none.csv")}, "no such file"},
		{[]string{"generate", "-kind", "swirl"}, `-kind "swirl"`},
		{[]string{"generate", "-kind", "moons", "-n", "-3"}, `-n "-3"`},
		{[]string{"generate", "-kind", "moons", "-n", "0"}, `-n "0"`},
		{[]string{"generate", "-kind", "moons", "-classes", "3"}, "-classes is for spirals and blobs"},
		{[]string{"generate", "-kind", "spirals", "-classes", "1"}, `-classes "1"`},
		{[]string{"generate", "-kind", "moons", "-noise", "-1"}, `-noise "-1"`},
		{[]string{"generate"}, "-kind is required"},
		{[]string{"speed", "-n", "10,,20"}, "entry 2 of 3 is empty"},
		{[]string{"speed", "-n", "100,100"}, "100 is there twice"},
		{[]string{"speed", "-n", ""}, "no sizes"},
		{[]string{"speed", "-k", "0"}, `-k "0"`},
		{[]string{"seed", "extra"}, `unexpected argument "extra"`},
		{[]string{"seed", "-x"}, "unknown flag -x"},
		{[]string{"predict", "-model", model, "-json=maybe", "-data", good}, "-json"},
		{[]string{"fly"}, `unknown command "fly"`},
		{[]string{"help", "fly"}, "help fly"},
		{nil, "no command given"},
		{[]string{"compare", "-data", "bad\nname.csv", "-w", "1,1"}, `bad\nname.csv`},
	} {
		cmd := exec.Command(bin, test.args...)
		cmd.Env = append(os.Environ(), "PERCEPT_MNIST="+mnist)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		name := strings.Join(test.args, " ")
		if len(name) > 120 {
			name = name[:120] + "..."
		}
		if _, ok := err.(*exec.ExitError); !ok {
			t.Errorf("%d: %s: exit status 0 or no run (%v)", i, name, err)
			continue
		}
		msg := stderr.String()
		if !strings.HasPrefix(msg, "percept: ") || strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") ||
			strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") || !strings.Contains(msg, test.says) {
			t.Errorf("%d: %s: stderr %.400q, want one line starting \"percept: \" saying %q", i, name, msg, test.says)
		}
		if stdout.Len() > 0 {
			t.Errorf("%d: %s: %d bytes on stdout", i, name, stdout.Len())
		}
		rss := peakRSS(cmd.ProcessState)
		if rss > maxRSS {
			t.Errorf("%d: %s: peak memory %d MB, more than %d MB", i, name, rss>>20, maxRSS>>20)
		}
		peak = max(peak, rss)
	}
	t.Logf("the highest peak memory of all: %d MB", peak>>20)
}

// peakRSS returns the peak resident memory of a finished process, in bytes (0 where the
// system does not say).
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there, KiB on Linux
	}
	return int64(ru.Maxrss) << 10
}
