import Synchronization

/// How long one workload runs: requests start while fewer than `max` have
/// and `seconds` have not passed since it was made. Shared by the tasks of
/// a workload's requests in flight.
final class Budget: Sendable {
    let seconds: Double
    let max: Int
    let start = ContinuousClock.now
    private let started = Mutex(0)

    init(seconds: Double, max: Int) {
        self.seconds = seconds
        self.max = max
    }

    /// The budget of a warm-up: `count` requests, however long they take.
    static func warmUp(_ count: Int) -> Budget { Budget(seconds: .infinity, max: count) }

    /// The index of the next request, or nil when the budget is spent.
    func next() -> Int? {
        let elapsed = Self.seconds(ContinuousClock.now - start)
        return started.withLock { count in
            guard count < max, elapsed < seconds else { return nil }
            count += 1
            return count - 1
        }
    }

    /// `done` requests per second since the start.
    func rate(_ done: Int) -> Double { Double(done) / Self.seconds(ContinuousClock.now - start) }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Counts bytes handed to a stream callback, from whichever thread.
final class ByteCounter: Sendable {
    private let total = Mutex<Int64>(0)

    func add(_ count: Int) { total.withLock { $0 += Int64(count) } }

    var value: Int64 { total.withLock { $0 } }
}
