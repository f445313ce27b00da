/// Runs `call(index)` for each index `budget` gives, `inflight` at a time
/// (one task each, looping), and returns how many completed.
func runInFlight(_ inflight: Int, _ budget: Budget, _ call: @escaping @Sendable (Int) async throws -> Void) async throws -> Int {
    try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<inflight {
            group.addTask {
                var done = 0
                while let index = budget.next() {
                    try await call(index)
                    done += 1
                }
                return done
            }
        }
        return try await group.reduce(0, +)
    }
}
