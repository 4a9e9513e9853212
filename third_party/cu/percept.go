package cu

// Percept's addition: launching a kernel with its parameters in one buffer.

// #include <cuda.h>
//
// static CUresult percept_launch(CUfunction f, unsigned grid, unsigned block, unsigned shared,
//                                CUstream stream, void *params, size_t size) {
// 	void *extra[] = {CU_LAUNCH_PARAM_BUFFER_POINTER, params, CU_LAUNCH_PARAM_BUFFER_SIZE, &size,
// 	                 CU_LAUNCH_PARAM_END};
// 	return cuLaunchKernel(f, grid, 1, 1, block, 1, 1, shared, stream, NULL, extra);
// }
import "C"

import "unsafe"

// LaunchBuffer launches fn on a one-dimensional grid of one-dimensional blocks, with its
// parameters laid out in params as the kernel declares them, each at its natural alignment
// (CU_LAUNCH_PARAM_BUFFER_POINTER). The driver copies params before returning.
func (fn Function) LaunchBuffer(grid, block, sharedMemBytes int, stream Stream, params []byte) error {
	return result(C.percept_launch(fn.fn, C.uint(grid), C.uint(block), C.uint(sharedMemBytes),
		stream.c(), unsafe.Pointer(&params[0]), C.size_t(len(params))))
}
