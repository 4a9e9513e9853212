//go:build !cuda

// The API of the CUDA backend (cuda.go) for builds without the tag cuda: Open and Upload return
// ErrNoCUDA, so no Device or Data ever exists. Keep the two files in step.

package gpu

import "github.com/percept-go/percept/dlkit"

// CUDA reports whether this program was built with the build tag cuda.
const CUDA = false

// Device is one GPU; see cuda.go.
type Device struct{}

// Upload returns a nil Backend and ErrNoCUDA: this program was built without the tag cuda.
func Upload(ds *dlkit.Dataset) (dlkit.Backend, error) { return nil, ErrNoCUDA }

// Open returns ErrNoCUDA: this program was built without the tag cuda.
func Open() (*Device, error) { return nil, ErrNoCUDA }

func (d *Device) String() string                          { return "no GPU" }
func (d *Device) MemInfo() (free, total int64, err error) { return 0, 0, ErrNoCUDA }
func (d *Device) Close() error                            { return nil }
func (d *Device) Upload(ds *dlkit.Dataset) (*Data, error) { return nil, ErrNoCUDA }

// Data is a dataset on a GPU; see cuda.go.
type Data struct{}

var _ dlkit.Backend = (*Data)(nil)

func (x *Data) Len() int                                                 { return 0 }
func (x *Data) Dim() int                                                 { return 0 }
func (x *Data) String() string                                           { return "no GPU" }
func (x *Data) Close() error                                             { return nil }
func (x *Data) SumCrossEntropy(w []float64, b float64) (float64, error)  { return 0, ErrNoCUDA }
func (x *Data) MeanCrossEntropy(w []float64, b float64) (float64, error) { return 0, ErrNoCUDA }
func (x *Data) CompareCrossEntropy(weights [][]float64, biases []float64) ([]float64, error) {
	return nil, ErrNoCUDA
}
func (x *Data) ForwardBatch(dst []float64, p *dlkit.Perceptron) ([]float64, error) {
	return nil, ErrNoCUDA
}
