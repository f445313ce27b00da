import CloudKitModel

/// The error `operation` throws (a non-`CloudError` as `internal`), or nil
/// when it succeeds: for tests that check an error's kind and code.
public func failure<T>(_ operation: () async throws -> T) async -> CloudError? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error as? CloudError ?? CloudError(.internal, "not a CloudError: \(error)")
    }
}
