//go:build !unix

package history

// onReadOnlyFS: elsewhere a read-only file system is not told apart; a
// file there is read as any other (and its folder takes no -wal either).
func onReadOnlyFS(string) bool { return false }
