"""Keep large freed blocks in the process heap, so beam search does not page-fault every step."""

from __future__ import annotations

import ctypes
import sys

# mallopt parameters, from glibc's <malloc.h>.
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4

_done = False


def keep_large_blocks() -> bool:
    """Serve large allocations from the heap and keep freed memory for reuse; True if it took effect.

    Beam search allocates and frees several beams x vocabulary score matrices (tens of MB
    each) at every step. glibc gives blocks above its mmap threshold (32 MB at most) fresh
    pages from the kernel and unmaps them on free, so each step faults and zeroes them
    again: a quarter of CPU decoding time with batches of 64 sentences (bench/speed.py).
    The cost is that the heap keeps its high-water mark instead of shrinking between batches.
    glibc on Linux only; elsewhere nothing changes.
    """
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None)
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):
        return False  # musl and other C libraries have no such tuning
    _done = bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))
    return _done
