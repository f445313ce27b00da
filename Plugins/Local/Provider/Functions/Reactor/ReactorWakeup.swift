import CLinuxEvents
import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// An `eventfd` that wakes `FunctionReactor`'s thread from its epoll wait:
/// any thread calls `signal()` after leaving something in the reactor's
/// inbox; the reactor's thread, seeing it readable, calls `drain()`.
/// It lives as long as the process.
struct ReactorWakeup: Sendable {
    /// The eventfd, non-blocking and close-on-exec.
    let descriptor: Int32

    /// A new eventfd; `internal` (retryable) when the system refuses one.
    init() throws(CloudError) {
        let descriptor = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
        guard descriptor >= 0 else { throw Epoll.error("cannot create an eventfd") }
        self.descriptor = descriptor
    }

    /// Makes the eventfd readable (from any thread).
    func signal() {
        var one: UInt64 = 1
        while write(descriptor, &one, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }

    /// Makes it unreadable again (on the reactor's thread).
    func drain() {
        var count: UInt64 = 0
        while read(descriptor, &count, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }
}
