/* Linux event calls that Swift's Glibc module leaves out: epoll, eventfd
 * and pidfd_open (which glibc reaches only through the variadic `syscall`,
 * which Swift cannot call). The local provider's function reactor waits on
 * them. Header-only: nothing here is a symbol of the provider library. */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A descriptor that becomes readable when process `pid` ends (Linux 5.3
 * and later), or -1 with errno set (ENOSYS on older kernels). */
static inline int ck_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}
