package dlkit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzReadONNX checks that no file makes ReadONNX panic, and that what it reads is a
// well-formed network that writes and reads back unchanged. Its seeds are the files in
// testdata/fuzz/FuzzReadONNX (exported networks, broken and hostile files), PyTorch's models
// in testdata/onnx and the networks of onnxTestNets, as float32 and float64 ONNX.
//
//	go test ./dlkit -run '^$' -fuzz FuzzReadONNX -fuzztime 5m
func FuzzReadONNX(f *testing.F) {
	files, err := filepath.Glob("testdata/onnx/*.onnx")
	if err != nil || len(files) == 0 {
		f.Fatalf("no seeds in testdata/onnx: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, m := range onnxTestNets(f) {
		for _, f64 := range []bool{false, true} {
			var buf bytes.Buffer
			if err := m.WriteONNX(&buf, ONNXOptions{Float64: f64}); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ReadONNX(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, ErrModelFile) {
				t.Fatalf("error %v does not wrap ErrModelFile", err)
			}
			return
		}
		if err := m.Check(); err != nil {
			t.Fatalf("ReadONNX returned a network that fails Check: %v", err)
		}
		var buf bytes.Buffer
		if err := m.WriteONNX(&buf, ONNXOptions{Float64: true}); err != nil {
			t.Fatalf("the network read does not write: %v", err)
		}
		back, err := ReadONNX(&buf)
		if err != nil {
			t.Fatalf("the network read, written, does not read back: %v", err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Fatalf("the network read, written and read back differs:\n%+v\n%+v", back, m)
		}
		if _, err := m.Proba(nil, make([]float64, m.Inputs.Features)); err != nil {
			t.Fatalf("the network read does not predict: %v", err)
		}
	})
}
