import CloudKitModel

/// Many long polls on one queue started together, for tests of what other
/// calls do while they wait and of how they end.
public final class LongPolls: Sendable {
    /// How many polls have ended so far.
    public let ended = LockedCounter()
    private let task: Task<[CloudErrorKind?], Never>

    /// Starts `count` runs of `poll`; each ends when `poll` returns or throws.
    public init(_ count: Int, _ poll: @escaping @Sendable () async throws -> Void) {
        let ended = ended
        task = Task {
            await withTaskGroup(of: CloudErrorKind?.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        defer { ended.advance(by: 1) }
                        do {
                            try await poll()
                            return nil
                        } catch {
                            return (error as? CloudError)?.kind ?? .internal
                        }
                    }
                }
                var kinds: [CloudErrorKind?] = []
                for await kind in group { kinds.append(kind) }
                return kinds
            }
        }
    }

    /// Starts `count` consumers of `queue` on `queues`, each receiving with
    /// waits of `waitSeconds` until a message comes (as a consumer loop
    /// does: a wait that ends empty is followed by another), so the polls
    /// stay in flight until they are cancelled, however slow the machine.
    public convenience init(_ count: Int, on queues: any MessageQueues, queue: String, waitSeconds: Int = 20) {
        self.init(count) {
            while try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: waitSeconds)).isEmpty {}
        }
    }

    /// Cancels the polls' task.
    public func cancel() { task.cancel() }

    /// How each poll ended, once all have: nil when it returned, else the kind of its error.
    public func outcomes() async -> [CloudErrorKind?] { await task.value }
}
