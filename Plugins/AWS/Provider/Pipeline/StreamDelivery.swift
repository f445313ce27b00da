import CloudKitModel

/// Watches a caller's stream sink for its first byte: until one has been
/// written, a failed GET (a 500, a connection refused) can be sent again
/// without the caller seeing anything twice; after it, a retry would repeat
/// bytes the caller already has, so the failure is theirs to see.
final class StreamDelivery: Sendable {
    /// The sink to hand to the transport: the caller's, with a stream writer
    /// wrapped so its first byte is noticed.
    let sink: BodySink
    private let wrote: Locked<Bool>

    init(_ sink: BodySink) {
        let wrote = Locked(false)
        self.wrote = wrote
        guard case .stream(let writer) = sink else {
            self.sink = sink
            return
        }
        self.sink = .stream(BodyWriter { bytes in
            if !bytes.isEmpty { wrote.withLock { $0 = true } }
            try writer.write(bytes)
        })
    }

    /// Whether any byte of the reply has reached the caller's stream.
    var started: Bool { wrote.withLock { $0 } }
}
