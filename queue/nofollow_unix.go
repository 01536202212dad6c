//go:build unix

package queue

import "syscall"

// noFollow makes opening a symlink fail instead of following it.
const noFollow = syscall.O_NOFOLLOW

// nonBlock makes opening a FIFO return at once instead of waiting for a
// writer; it changes nothing for a regular file.
const nonBlock = syscall.O_NONBLOCK
