import CLinuxEvents
import CloudKitModel
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// The body of `FunctionReactor`'s thread, and the state only that thread
/// touches: the watches in progress, the epoll event array and one read
/// buffer that every watch reads through.
///
/// Each turn it waits for epoll events (or the nearest time a watch needs),
/// hands each event to its watch, takes new watches and cancellations from
/// the inbox, lets every watch act on the time, and reports the watches that
/// ended. A turn never blocks anywhere but in `epoll_wait`.
final class FunctionReactorLoop {
    /// The token of the reactor's eventfd: no watch has id 0.
    static let wakeupToken: UInt64 = 0

    private let epoll: Epoll
    private let wakeup: ReactorWakeup
    private let inbox: Locked<FunctionReactor.Inbox>
    private var watches: [UInt64: (watch: FunctionWatch, completion: @Sendable (FunctionWatchOutcome) -> Void)] = [:]
    private let events = UnsafeMutableBufferPointer<epoll_event>.allocate(capacity: 256)
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(epoll: Epoll, wakeup: ReactorWakeup, inbox: Locked<FunctionReactor.Inbox>) {
        self.epoll = epoll
        self.wakeup = wakeup
        self.inbox = inbox
    }

    /// Runs the reactor for the rest of the process.
    func run() -> Never {
        // A child that exits without reading its stdin makes our write fail
        // with EPIPE instead of killing the process with SIGPIPE.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        var timeout: Int32 = -1
        while true {
            let count = epoll.wait(events, milliseconds: timeout)
            for event in events.prefix(count) { dispatch(event.data.u64) }
            takeInbox()
            timeout = checkWatches()
        }
    }

    private func dispatch(_ token: UInt64) {
        guard token != Self.wakeupToken else {
            wakeup.drain()
            return
        }
        guard let source = FunctionWatch.Source(rawValue: token & 3) else { return }
        // An event for a watch that ended earlier in this turn is dropped.
        watches[token >> 2]?.watch.handle(source, buffer)
    }

    /// Starts the new watches, then passes on cancellations.
    private func takeInbox() {
        let (arrivals, cancellations) = inbox.withLock { inbox in
            defer { (inbox.arrivals, inbox.cancellations, inbox.woken) = ([], [], false) }
            return (inbox.arrivals, inbox.cancellations)
        }
        let now = Self.now()
        for arrival in arrivals {
            let watch = FunctionWatch(id: arrival.id, request: arrival.request, epoll: epoll)
            watches[arrival.id] = (watch, arrival.completion)
            watch.start(now: now)
            if arrival.cancellation.isCancelled { watch.cancel() }
        }
        for id in cancellations { watches[id]?.watch.cancel() }
    }

    /// Lets every watch act on the time, reports those that ended, and
    /// returns the epoll timeout until the nearest time one needs (-1: none).
    private func checkWatches() -> Int32 {
        let now = Self.now()
        var nearest = UInt64.max
        var ended: [UInt64] = []
        for (id, entry) in watches {
            if let next = entry.watch.check(now: now, buffer) { nearest = min(nearest, next) }
            if entry.watch.outcome != nil { ended.append(id) }
        }
        for id in ended {
            guard let entry = watches.removeValue(forKey: id), let outcome = entry.watch.outcome else { continue }
            entry.completion(outcome)
        }
        guard nearest != UInt64.max else { return -1 }
        // Round up, so the wait never ends just before the time.
        let milliseconds = nearest > now ? (nearest - now + 999_999) / 1_000_000 : 0
        return Int32(min(milliseconds, UInt64(Int32.max)))
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
