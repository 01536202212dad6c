//go:build !unix

package queue

// noFollow is zero where the system has no O_NOFOLLOW; openPart's Lstat
// check still refuses a symlink.
const noFollow = 0

// nonBlock is zero where the system has no O_NONBLOCK (and no FIFOs to
// block on).
const nonBlock = 0
