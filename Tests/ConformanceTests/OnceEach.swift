import CloudKit

/// Work done once per key for the whole test process (a function created in
/// moto, a provider's capabilities, a library compiled): every caller for a
/// key awaits the same task.
final class OnceEach<Value: Sendable>: Sendable {
    private let tasks = Locked<[String: Task<Value, any Error>]>([:])

    /// The value for `key`, made by `make` the first time it is asked for.
    func value(_ key: String, _ make: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = tasks.withLock { tasks in
            if let task = tasks[key] { return task }
            let task = Task { try await make() }
            tasks[key] = task
            return task
        }
        return try await task.value
    }
}
