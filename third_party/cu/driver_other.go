//go:build !linux

package cu

// loadDriver does nothing where the driver library is linked (see cgoflags.go).
func loadDriver() error { return nil }
