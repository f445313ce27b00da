import CloudKitModel

/// How a transfer's host side (its `HostLane` jobs, on a pool thread) asks
/// the transport's loop thread — the only thread that may touch the curl
/// handle — to act on the transfer: resume it after a pause, or abort it.
/// The transport connects it when the transfer is submitted; signals sent
/// before that, or after the transfer has finished, are dropped.
final class TransferSignals: Sendable {
    enum Signal: Sendable {
        /// Space freed in the reply buffer, or bytes came into the upload buffer: unpause.
        case resume
        /// The host's writer or reader failed: end the transfer with this error.
        case abort(CloudError)
    }

    private let handler = Locked<(@Sendable (Signal) -> Void)?>(nil)

    init() {}

    /// Routes later signals to `handler` (called on the sender's thread; it must not block).
    func connect(_ handler: @escaping @Sendable (Signal) -> Void) {
        self.handler.withLock { $0 = handler }
    }

    func send(_ signal: Signal) {
        handler.withLock { $0 }?(signal)
    }
}
