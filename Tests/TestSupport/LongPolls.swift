import CloudKitModel

/// Many long polls on one queue started together, for tests of what other
/// calls do while they wait and of how they end.
public final class LongPolls: Sendable {
    /// How many polls have ended so far.
    public let ended = LockedCounter()
    private let task: Task<[CloudErrorKind?], Never>

    /// Starts `count` receives of `queue` on `queues`, each waiting up to `waitSeconds`.
    public init(_ count: Int, on queues: any MessageQueues, queue: String, waitSeconds: Int = 20) {
        let ended = ended
        task = Task {
            await withTaskGroup(of: CloudErrorKind?.self) { group in
                for _ in 0..<count {
                    group.addTask {
                        defer { ended.advance(by: 1) }
                        do {
                            _ = try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: waitSeconds))
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

    /// Cancels the polls' task.
    public func cancel() { task.cancel() }

    /// How each poll ended, once all have: nil when it returned, else the kind of its error.
    public func outcomes() async -> [CloudErrorKind?] { await task.value }
}
