import CLinuxEvents
import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// One Linux epoll instance: the descriptors `FunctionReactor` waits on, each
/// registered (level-triggered) with a 64-bit token that comes back with its
/// events. Only the reactor's thread adds, removes and waits; the epoll
/// instance lives as long as the process, and it closes nothing it is given.
struct Epoll: Sendable {
    /// The epoll instance itself.
    let descriptor: Int32

    /// A new close-on-exec epoll instance; `internal` (retryable) when the system refuses one.
    init() throws(CloudError) {
        let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw Self.error("cannot create an epoll instance") }
        self.descriptor = descriptor
    }

    /// Readiness for reading (a pipe with bytes or at its end, a pidfd whose process ended).
    static let readable = EPOLLIN.rawValue
    /// Readiness for writing (a pipe with room, or whose reader is gone).
    static let writable = EPOLLOUT.rawValue

    /// Watches `target` for `events`, reported with `token`; false (with `errno`) when refused.
    func add(_ target: Int32, events: UInt32, token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(descriptor, EPOLL_CTL_ADD, target, &event) == 0
    }

    /// Stops watching `target`. Call it before closing `target`: a copy of the
    /// descriptor in a child being spawned elsewhere would otherwise keep it
    /// registered, reporting events for a number that may be reused.
    func remove(_ target: Int32) {
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, target, nil)
    }

    /// Waits up to `milliseconds` (-1: as long as it takes) for events and
    /// fills `events` with them; returns how many (0 after the time, or when
    /// a signal interrupted the wait).
    func wait(_ events: UnsafeMutableBufferPointer<epoll_event>, milliseconds: Int32) -> Int {
        max(0, Int(epoll_wait(descriptor, events.baseAddress, Int32(events.count), milliseconds)))
    }

    /// An `internal` error for a failed system call, with `errno`'s text.
    static func error(_ what: String) -> CloudError {
        CloudError(.internal, "\(what): \(String(cString: strerror(errno)))", code: "IOError", retryable: true)
    }
}
