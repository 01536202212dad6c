//go:build unix

package schedule

import (
	"os"
	"syscall"
)

// tryLock takes an exclusive lock on f without waiting; closing f frees it.
func tryLock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
