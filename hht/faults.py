"""Faults of the machine, in one sentence each: why an OS call failed, by its
errno, as the end of a sentence a runner can act on. SQLite's faults are
storage's (hht/store/faults.py)."""

from __future__ import annotations

import errno

# Why an OS call failed, by errno, as the end of a sentence a runner can act on.
OS_REASONS = {
    errno.ENOSPC: "the disk is full (free some space and try again)",
    errno.EFBIG: "the file would be larger than this system allows (see `ulimit -f`)",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EDQUOT: "the disk quota is used up",
    errno.EIO: "the device reported an input/output error",
    errno.ENOENT: "there is no such file or folder",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ELOOP: "it is a symbolic link that leads round in a loop (to itself, or through others back to it)",
    errno.ENAMETOOLONG: "its name is longer than this file system allows (at most 255 characters a part)",
}


def os_reason(exc: OSError) -> str:
    """Why an OS call failed, as the end of a sentence a runner can act on."""
    return (OS_REASONS.get(exc.errno) if exc.errno is not None else None) or (exc.strerror or str(exc)).rstrip(
        "."
    ).lower()
