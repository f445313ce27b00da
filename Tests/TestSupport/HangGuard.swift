import Foundation

/// The error of an operation that outlived its hang guard.
public struct HangGuardExpired: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double
    public var description: String { "\(what) did not finish within \(Int(seconds)) s (hang guard)" }
}

/// Runs `operation` and returns its result, or throws `HangGuardExpired`
/// once `seconds` pass first (the operation is then cancelled and left to
/// end on its own). Only a failure guard: set it far above what the
/// operation takes on a loaded machine, and never use it to time anything.
public func hangGuard<T: Sendable>(
    _ what: String, seconds: Double = 120, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let outcome = Handoff<Result<T, any Error>>()
    let work = Task {
        do {
            outcome.deliver(.success(try await operation()))
        } catch {
            outcome.deliver(.failure(error))
        }
    }
    let timer = Task {
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        outcome.deliver(.failure(HangGuardExpired(what: what, seconds: seconds)))
    }
    let result = await outcome.value
    timer.cancel()
    if case .failure(let error) = result, error is HangGuardExpired { work.cancel() }
    return try result.get()
}
