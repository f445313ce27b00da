/// Durations of repeated calls, summarised as the benchmarks print them.
struct Latencies: Sendable {
    private(set) var samples: [Duration] = []

    mutating func add(_ duration: Duration) { samples.append(duration) }

    /// The `fraction` quantile (0.5: the median) in microseconds.
    func microseconds(at fraction: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
        let (seconds, attoseconds) = sorted[index].components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }

    /// Runs `body` once and records how long it took.
    mutating func time<T>(_ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let value = try await body()
        add(clock.now - start)
        return value
    }
}
