package cu

// Percept's patch: see driver_linux.c.

// #include <stdlib.h>
// int percept_cu_load(const char *name, const char **err);
import "C"

import (
	"fmt"
	"os"
	"sync"
	"unsafe"
)

var driver struct {
	once sync.Once
	err  error
}

// loadDriver loads libcuda.so.1 (or the library named by $PERCEPT_LIBCUDA), once.
func loadDriver() error {
	driver.once.Do(func() {
		name := "libcuda.so.1"
		if s := os.Getenv("PERCEPT_LIBCUDA"); s != "" {
			name = s
		}
		cname := C.CString(name)
		defer C.free(unsafe.Pointer(cname))
		var msg *C.char
		if C.percept_cu_load(cname, &msg) != 0 {
			driver.err = fmt.Errorf("%w: %s", ErrNoDriver, C.GoString(msg))
		}
	})
	return driver.err
}
