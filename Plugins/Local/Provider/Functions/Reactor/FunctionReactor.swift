import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The one watcher of this process's running functions, so that a function
/// invocation waits without holding a thread: it is a suspended task until
/// the reactor resumes it with the outcome.
///
/// One thread (`FunctionReactorLoop`, started with the first function and
/// kept, idle in `epoll_wait`, while nothing runs) watches every function
/// process through epoll: its pidfd (its end), its pipes (the payload is
/// written as the child reads it, stdout and stderr are read as they come)
/// and its deadline (the wait's timeout is the nearest one). Other threads
/// only leave requests and cancellations in the inbox and wake the thread
/// with an eventfd.
final class FunctionReactor: Sendable {
    /// A watch handed to the reactor: what to watch, the flag that cancels
    /// it, and who hears the outcome (once, on the reactor's thread).
    struct Arrival: Sendable {
        let id: UInt64
        let request: FunctionWatchRequest
        let cancellation: CancellationFlag
        let completion: @Sendable (FunctionWatchOutcome) -> Void
    }

    /// What other threads leave for the reactor's thread.
    struct Inbox {
        var arrivals: [Arrival] = []
        var cancellations: [UInt64] = []
        /// True while the wakeup is signalled and not yet taken.
        var woken = false
        var lastID: UInt64 = 0
    }

    private let inbox = Locked(Inbox())
    private let wakeup: ReactorWakeup

    private init() throws(CloudError) {
        let epoll = try Epoll()
        do {
            wakeup = try ReactorWakeup()
        } catch {
            FunctionDescriptors.close(epoll.descriptor)
            throw error
        }
        guard epoll.add(wakeup.descriptor, events: Epoll.readable, token: FunctionReactorLoop.wakeupToken) else {
            let error = Epoll.error("cannot watch the function reactor's eventfd")
            FunctionDescriptors.close(epoll.descriptor, wakeup.descriptor)
            throw error
        }
        let (inbox, wakeup) = (inbox, wakeup)
        let thread = Thread {
            ThreadName.set("cloudkit.local.functions")
            FunctionReactorLoop(epoll: epoll, wakeup: wakeup, inbox: inbox).run()
        }
        thread.name = "cloudkit.local.functions"
        thread.start()
    }

    private static let current = Locked<FunctionReactor?>(nil)

    /// The process's reactor, started by the first call; `internal`
    /// (retryable) when the system refuses an epoll instance or an eventfd.
    static func shared() throws(CloudError) -> FunctionReactor {
        try current.withLock { (current: inout FunctionReactor?) throws(CloudError) -> FunctionReactor in
            if let current { return current }
            let made = try FunctionReactor()
            current = made
            return made
        }
    }

    /// Watches `request` until its process has ended and been reaped, and
    /// returns how it ended. Cancelling the calling task kills the process
    /// group; the outcome is then `cancelled`. Holds no thread while it waits.
    func run(_ request: FunctionWatchRequest) async -> FunctionWatchOutcome {
        let id = nextID()
        let cancellation = CancellationFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                submit(Arrival(id: id, request: request, cancellation: cancellation) { continuation.resume(returning: $0) })
            }
        } onCancel: {
            // The flag covers a cancellation that reaches the reactor before the arrival does.
            cancellation.cancel()
            post { $0.cancellations.append(id) }
        }
    }

    /// Watches `request` with no one waiting (an event): `completion` hears
    /// the outcome on the reactor's thread, and must not block.
    func watch(_ request: FunctionWatchRequest, completion: @escaping @Sendable (FunctionWatchOutcome) -> Void) {
        submit(Arrival(id: nextID(), request: request, cancellation: CancellationFlag(), completion: completion))
    }

    private func nextID() -> UInt64 {
        inbox.withLock { inbox in
            inbox.lastID += 1
            return inbox.lastID
        }
    }

    private func submit(_ arrival: Arrival) {
        post { $0.arrivals.append(arrival) }
    }

    /// Changes the inbox and wakes the reactor's thread (unless it is woken already).
    private func post(_ change: (inout Inbox) -> Void) {
        let wake = inbox.withLock { inbox in
            change(&inbox)
            defer { inbox.woken = true }
            return !inbox.woken
        }
        if wake { wakeup.signal() }
    }
}
