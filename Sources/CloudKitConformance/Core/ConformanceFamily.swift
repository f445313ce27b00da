/// A group of conformance cases: one per service, and `lifecycle` for the
/// rules of the client and its calls (each call completes exactly once,
/// many calls in flight, cancellation, closing).
public enum ConformanceFamily: String, CaseIterable, Sendable {
    case storage, kv, queue, pubsub, functions, lifecycle
}

/// A service, named as capabilities documents and `ProviderLibrary.tableEntries` name it.
public enum ConformanceService: String, CaseIterable, Sendable {
    case storage, kv, queue, pubsub, functions
}
