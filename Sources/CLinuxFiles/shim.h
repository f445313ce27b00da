/* Linux file calls that Swift's Glibc module leaves out: openat2 (which
 * glibc reaches only through the variadic `syscall`, which Swift cannot
 * call), preadv2's RWF_NOWAIT and sync_file_range. The local provider opens
 * paths inside its root with them in one call, and reads small files
 * without waiting for the disk; a download to a file starts its writeback
 * early. Header-only: nothing here is a symbol of the provider library. */
#include <errno.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* openat2's resolve flags (linux/openat2.h, Linux 5.6 and later; CACHED 5.12). */
#define CK_RESOLVE_NO_MAGICLINKS 0x02
#define CK_RESOLVE_NO_SYMLINKS 0x04
#define CK_RESOLVE_BENEATH 0x08
#define CK_RESOLVE_CACHED 0x20

/* Opens `path` relative to the folder `dirfd` with `openat2(2)`, resolving
 * it under `resolve`; the descriptor, or -1 with errno set (ENOSYS where the
 * kernel or the C library predates openat2). */
static inline int ck_openat2(int dirfd, const char *path, int flags, unsigned mode, uint64_t resolve) {
#ifdef SYS_openat2
    struct { uint64_t flags, mode, resolve; } how = { (uint64_t)(unsigned)flags, mode, resolve };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
#else
    (void)dirfd; (void)path; (void)flags; (void)mode; (void)resolve;
    errno = ENOSYS;
    return -1;
#endif
}

/* Reads up to `count` bytes at `offset` only if that needs no wait for the
 * disk (`preadv2(2)` with RWF_NOWAIT, Linux 4.14 and later): the bytes read
 * (fewer when only some were in memory), or -1 with errno EAGAIN when none
 * were, EOPNOTSUPP or ENOSYS where the file system or kernel cannot tell. */
static inline ssize_t ck_pread_nowait(int fd, void *buffer, size_t count, off_t offset) {
#ifdef SYS_preadv2
    struct iovec vector = { buffer, count };
    /* The raw call takes the offset as two longs, low half first, as glibc passes it. */
    return (ssize_t)syscall(SYS_preadv2, fd, &vector, 1, (long)offset, (long)((uint64_t)offset >> 32), 0x00000008 /* RWF_NOWAIT */);
#else
    (void)fd; (void)buffer; (void)count; (void)offset;
    errno = EOPNOTSUPP;
    return -1;
#endif
}

/* Starts writing back the dirty pages of `length` bytes at `offset` of the
 * file (0 and 0: all of it) without waiting for them: sync_file_range(2)
 * with SYNC_FILE_RANGE_WRITE, which glibc declares only under _GNU_SOURCE.
 * 0, or -1 with errno set (ENOSYS where the kernel lacks it). A hint: the
 * data is durable only after fsync. */
static inline int ck_start_writeback(int fd, int64_t offset, int64_t length) {
#ifdef SYS_sync_file_range
    return (int)syscall(SYS_sync_file_range, fd, (long)offset, (long)length, 2u /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)fd; (void)offset; (void)length;
    errno = ENOSYS;
    return -1;
#endif
}
