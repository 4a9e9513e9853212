// Package cu provides an idiomatic interface to the CUDA Driver API.
package cu // import "gorgonia.org/cu"

// This file implements CUDA driver context management

//#include <cuda.h>
import "C"

// Init loads and initializes the CUDA driver; it must be called, and succeed, before anything
// else in this package. It returns an error wrapping ErrNoDriver if the driver library cannot be
// loaded, and NoDevice if the driver finds no GPU.
//
// Percept's patch: upstream gorgonia.org/cu v0.9.6 links libcuda and calls cuInit in a package
// init function, exiting the process if that fails, so that a program built with CUDA could not
// even start on a machine without a GPU or driver. Here the caller initializes, and gets an error
// it can act on.
// http://docs.nvidia.com/cuda/cuda-driver-api/group__CUDA__INITIALIZE.html
func Init() error {
	if err := loadDriver(); err != nil {
		return err
	}
	return result(C.cuInit(C.uint(0)))
}

// Version returns the version of the CUDA driver
func Version() int {
	var v C.int
	if err := result(C.cuDriverGetVersion(&v)); err != nil {
		return -1
	}
	return int(v)
}
