// Percept's patch: on Linux on amd64 and arm64, the driver library is not linked but loaded by
// percept_cu_load (called by Init). Each driver function this package calls is defined here as a
// two-instruction trampoline that jumps through a pointer; the pointers lead to
// percept_cu_uninitialized until percept_cu_load sets them from the library. So a program built
// with CUDA starts on a machine without the driver, and can fall back to the CPU.

#include <cuda.h>
#include <dlfcn.h>

#if defined(__x86_64__) || defined(__aarch64__)

static int percept_cu_uninitialized(void) { return CUDA_ERROR_NOT_INITIALIZED; }
static int percept_cu_not_found(void) { return CUDA_ERROR_NOT_FOUND; }

#if defined(__x86_64__)
#define PERCEPT_JUMP(f) #f ":\n\tjmp *percept_p_" #f "(%rip)\n"
#else
#define PERCEPT_JUMP(f) \
	#f ":\n\tadrp x16, percept_p_" #f "\n\tldr x16, [x16, #:lo12:percept_p_" #f "]\n\tbr x16\n"
#endif

// CU_SYM's indirection lets cuda.h's macros rename first: cuMemAlloc is cuMemAlloc_v2.
#define PERCEPT_TRAMPOLINE(f)                                                            \
	__attribute__((used)) static void *percept_p_##f = (void *)percept_cu_uninitialized; \
	__asm__(".text\n.globl " #f "\n.type " #f ", %function\n" PERCEPT_JUMP(f));
#define CU_SYM(f) PERCEPT_TRAMPOLINE(f)
#include "driver_syms.h"
#undef CU_SYM

int percept_cu_load(const char *name, const char **err) {
	void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		*err = dlerror();
		return -1;
	}
#define PERCEPT_BIND(f)                    \
	{                                      \
		void *p = dlsym(h, #f);            \
		percept_p_##f = p != NULL ? p : (void *)percept_cu_not_found; \
	}
#define CU_SYM(f) PERCEPT_BIND(f)
#include "driver_syms.h"
#undef CU_SYM
	return 0;
}

#else

// Elsewhere the driver library is linked (see cgoflags.go).
int percept_cu_load(const char *name, const char **err) { return 0; }

#endif
