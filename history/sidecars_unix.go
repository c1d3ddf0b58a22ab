//go:build unix

package history

import "syscall"

// onReadOnlyFS reports a file on a read-only file system. It asks
// access(2) rather than opening the file: closing a descriptor of a file
// drops every POSIX lock this process holds on it, SQLite's included.
func onReadOnlyFS(path string) bool {
	const writeOK = 2 // W_OK
	return syscall.Access(path, writeOK) == syscall.EROFS
}
