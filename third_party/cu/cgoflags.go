package cu

// This file provides CGO flags to find CUDA libraries and headers.

//#cgo !linux LDFLAGS:-lcuda
//
////Percept's patch: on Linux on amd64 and arm64 the driver library is not linked but loaded by
////Init (see driver_linux.c), so that a program built with CUDA starts, and can fall back to the
////CPU, on a machine without the NVIDIA driver. Only cuda.h is needed to build.
//#cgo linux,amd64 LDFLAGS: -ldl
//#cgo linux,arm64 LDFLAGS: -ldl
//#cgo linux,!amd64,!arm64 LDFLAGS: -lcuda
//
////default location:
//#cgo linux CFLAGS: -I/usr/local/cuda/include
//
////default location if not properly symlinked:
//#cgo linux CFLAGS: -I/usr/local/cuda-11.0/targets/x86_64-linux/include
//#cgo linux CFLAGS: -I/usr/local/cuda-10.2/include/
////Ubuntu 15.04:
//#cgo linux CFLAGS: -I/usr/include
//
////arch linux:
//#cgo linux CFLAGS: -I/opt/cuda/include
//
////Darwin:
//#cgo darwin LDFLAGS:-L/usr/local/cuda/lib
//#cgo darwin CFLAGS: -I/usr/local/cuda/include/
//
////WINDOWS:
//#cgo windows LDFLAGS:-LC:/cuda/v5.0/lib/x64 -LC:/cuda/v5.5/lib/x64 -LC:/cuda/v6.0/lib/x64 -LC:/cuda/v6.5/lib/x64 -LC:/cuda/v7.0/lib/x64 -LC:/cuda/v8.0/lib/x64 -LC:/cuda/v9.0/x64 -LC:/cuda/v11.8/lib/x64 -LC:/cuda/12.0/lib/x64
//#cgo windows CFLAGS: -IC:/cuda/v5.0/include -IC:/cuda/v5.5/include -IC:/cuda/v6.0/include -IC:/cuda/v6.5/include -IC:/cuda/v7.0/include -IC:/cuda/v8.0/include -IC:/cuda/v9.0/include -IC:/cuda/v11.8/include -IC:/cuda/v12.0/include
import "C"
