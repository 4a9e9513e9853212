package cu

import "errors"

// ErrNoDriver is wrapped by the error Init returns when the NVIDIA driver library
// (libcuda.so.1) cannot be loaded. Percept's patch.
var ErrNoDriver = errors.New("cannot load the NVIDIA driver library")
