@_spi(RawABI) import CloudKit

/// Hostile arguments through the C tables, past the Swift host's own
/// checks: NULL requests, NULL or invalid UTF-8 strings, a NULL client,
/// too-small structs, NULL arrays with counts, out-of-range numbers, a NULL
/// callback. Each call must complete exactly once with `invalid argument`
/// and a message, and never crash the process.
enum HostileCases {
    static let all = [storage, kv, queue, pubsub, functions, client]

    static let storage = hostile(.storage, "every storage entry", needs: .on(.storage), HostileStorageProbes.run)
    static let kv = hostile(.kv, "every key-value entry", needs: .on(.kv), HostileKVProbes.run)
    static let queue = hostile(.queue, "every queue entry", needs: .on(.queue), HostileQueueProbes.run)
    static let pubsub = hostile(.pubsub, "every publish/subscribe entry", needs: .on(.pubsub), HostilePubSubProbes.run)
    static let functions = hostile(.functions, "every functions entry", needs: .on(.functions), HostileFunctionProbes.run)
    static let client = hostile(.lifecycle, "identity and capabilities", needs: ConformanceRequirement(), HostileClientProbes.run)

    /// How long the probes may take to complete (each should at once).
    static let limit: Duration = .seconds(30)

    private static func hostile(
        _ family: ConformanceFamily, _ entries: String, needs requirement: ConformanceRequirement,
        _ probes: @escaping @Sendable (HostileBoard, RawABI) -> Void
    ) -> ConformanceCase {
        ConformanceCase(
            family, "hostile-arguments",
            "\(entries) given NULL, invalid UTF-8, too-small or out-of-range arguments completes once with invalid argument and a message",
            needs: requirement
        ) { context in
            let board = HostileBoard()
            probes(board, try context.cloud.rawABI())
            await board.waitForAll(within: limit)
            // A moment more, for a second completion to show.
            try await Task.sleep(for: .milliseconds(300))
            let verdicts = board.verdicts()
            try expect(verdicts.isEmpty, verdicts.joined(separator: "; "))
        }
    }
}
