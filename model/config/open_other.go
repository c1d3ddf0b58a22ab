//go:build !unix

package config

import "os"

// openNoBlock opens path for reading; only unix has FIFOs that block.
func openNoBlock(path string) (*os.File, error) {
	return os.Open(path)
}
