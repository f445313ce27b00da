import CloudKit
import Foundation

/// What a case body works with: a fresh client, a name prefix no other case
/// uses, the target's fixtures, and the clean-ups to run when the case ends
/// (whether it passed or not).
public final class ConformanceContext: Sendable {
    /// A client of the provider, opened for this case alone.
    public let cloud: Cloud
    /// Starts every resource name the case makes (`ck-1a2b3c4d-`).
    public let prefix: String
    let target: ConformanceTarget
    private let cleanups = Locked<[@Sendable () async -> Void]>([])
    private let extraClouds = Locked<[Cloud]>([])

    init(cloud: Cloud, target: ConformanceTarget) {
        self.cloud = cloud
        self.target = target
        prefix = "ck-\(UUID().uuidString.prefix(8).lowercased())-"
    }

    /// A resource name unique to this case: the prefix and `label` (lower-case letters, digits, hyphens).
    public func name(_ label: String) -> String { prefix + label }

    /// Runs `action` when the case ends, after the clean-ups registered later; its errors are ignored.
    public func onCleanup(_ action: @escaping @Sendable () async throws -> Void) {
        cleanups.withLock { $0.append { try? await action() } }
    }

    /// Runs the clean-ups, last registered first, and closes the extra clients.
    func runCleanups() async {
        let actions = cleanups.withLock { actions in
            defer { actions = [] }
            return actions
        }
        for action in actions.reversed() { await action() }
        for cloud in extraClouds.withLock({ $0 }) { await cloud.close() }
    }

    /// Stray completions of every client this case used (`Cloud.strayCompletions`).
    var strayCompletions: Int {
        cloud.strayCompletions + extraClouds.withLock { $0.reduce(0) { $0 + $1.strayCompletions } }
    }

    /// Another client of the target, closed when the case ends.
    public func anotherClient() async throws -> Cloud {
        try await kept(target.open())
    }

    /// The function `fixture` names, and a client that reaches it.
    func function(_ fixture: ConformanceFixture) async throws -> (name: String, cloud: Cloud) {
        let function = try require(target.functions[fixture], "the \(fixture.summary) (\(fixture.flag))")
        guard let open = function.open else { return (function.name, cloud) }
        return (function.name, try await kept(open()))
    }

    /// `other`, recorded to be closed at the end and to have its stray completions counted.
    private func kept(_ other: Cloud) -> Cloud {
        extraClouds.withLock { $0.append(other) }
        return other
    }
}
