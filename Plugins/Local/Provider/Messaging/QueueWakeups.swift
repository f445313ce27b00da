import CloudKitModel

/// Wakes the long polls of this process when their queue may hold a message
/// for them, so a waiting receive holds no thread: it is a suspended task
/// until it is woken, its wait runs out, or it is cancelled.
///
/// There is one per database file (`shared(for:)`), used by every
/// `LocalMessageQueues` and `LocalPubSub` on it:
/// - a send, publish, dead-letter move, visibility change or FIFO
///   acknowledgement in this process calls `notify(queue)`, which wakes the
///   receive that has waited longest on that queue, at once;
/// - changes made by other processes sharing the root are found by a
///   `QueueWatcher`, which runs while anyone waits and wakes a receive of
///   each queue that has a visible message.
///
/// A woken receive that fills its batch wakes the next one (`notify` again),
/// so a burst of messages spreads over the waiters without waking all of
/// them for every message.
final class QueueWakeups: Sendable {
    /// What a receive saw before it last looked at its queue: a notification
    /// since then makes it look again rather than wait.
    struct Ticket: Sendable {
        let queue: String
        let generation: UInt64
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var generations: [String: UInt64] = [:]
        /// Waiting receives per queue, longest waiting first.
        var waiters: [String: [Waiter]] = [:]
        /// Waits that ended (timed out or cancelled) before they were parked.
        var ended: Set<UInt64> = []
        var nextID: UInt64 = 0
        var watching = false
    }

    /// The database file whose queues these are.
    let databasePath: String
    private let state = Locked(State())

    private init(databasePath: String) {
        self.databasePath = databasePath
    }

    private static let all = Locked<[String: QueueWakeups]>([:])

    /// The wake-ups of the database at `path`, shared by this whole process.
    static func shared(for path: String) -> QueueWakeups {
        all.withLock { all in
            if let existing = all[path] { return existing }
            let created = QueueWakeups(databasePath: path)
            all[path] = created
            return created
        }
    }

    /// Takes a ticket before looking at `queue`.
    func ticket(for queue: String) -> Ticket {
        state.withLock { Ticket(queue: queue, generation: $0.generations[queue, default: 0]) }
    }

    /// Says that `queue` may have a message now: wakes its longest waiting
    /// receive, or all of them when `everyone` (the queue was deleted).
    func notify(_ queue: String, everyone: Bool = false) {
        let woken: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.generations[queue, default: 0] &+= 1
            guard var waiting = state.waiters[queue], !waiting.isEmpty else { return [] }
            if everyone {
                state.waiters[queue] = nil
                return waiting.map(\.continuation)
            }
            let first = waiting.removeFirst()
            state.waiters[queue] = waiting.isEmpty ? nil : waiting
            return [first.continuation]
        }
        for continuation in woken { continuation.resume() }
    }

    /// Waits until `ticket`'s queue is notified (at once when it was since
    /// the ticket was taken), or `seconds` have passed. Throws `cancelled`
    /// when the task is cancelled.
    func wait(_ ticket: Ticket, seconds: Double) async throws(CloudError) {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(id, ticket) }
            group.addTask {
                try? await Task.sleep(for: .seconds(max(0, seconds)))
                self.end(id, queue: ticket.queue)
            }
            await group.next()
            group.cancelAll()
        }
        state.withLock { _ = $0.ended.remove(id) }
        if Task.isCancelled { throw CloudError(.cancelled, "the receive was cancelled while it waited") }
    }

    /// How many receives wait on `queue` now (parked, not looking at it).
    func waitingCount(on queue: String) -> Int {
        state.withLock { $0.waiters[queue]?.count ?? 0 }
    }

    /// The queues that receives wait on now, for the watcher; nil (and the
    /// watcher is then stopped) when nobody waits.
    func watchedQueues() -> [String]? {
        state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.watching = false
                return nil
            }
            return Array(state.waiters.keys)
        }
    }

    /// Suspends until `end(id)` or a notification resumes it.
    private func park(_ id: UInt64, _ ticket: Ticket) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let (resumeNow, startWatcher) = state.withLock { state -> (Bool, Bool) in
                    if state.ended.remove(id) != nil || state.generations[ticket.queue, default: 0] != ticket.generation {
                        return (true, false)
                    }
                    state.waiters[ticket.queue, default: []].append(Waiter(id: id, continuation: continuation))
                    defer { state.watching = true }
                    return (false, !state.watching)
                }
                if resumeNow { continuation.resume() }
                if startWatcher { QueueWatcher.start(for: self) }
            }
        } onCancel: {
            end(id, queue: ticket.queue)
        }
    }

    /// Ends wait `id`: resumes it when parked, else makes `park` return at once.
    private func end(_ id: UInt64, queue: String) {
        let continuation: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard var waiting = state.waiters[queue], let index = waiting.firstIndex(where: { $0.id == id }) else {
                state.ended.insert(id)
                return nil
            }
            let waiter = waiting.remove(at: index)
            state.waiters[queue] = waiting.isEmpty ? nil : waiting
            return waiter.continuation
        }
        continuation?.resume()
    }
}
