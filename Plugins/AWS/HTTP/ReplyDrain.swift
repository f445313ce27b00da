import CloudKitModel
import Foundation

/// Carries a reply body from curl's write callback (the loop thread) to the
/// host's `BodyWriter`, which runs on the transfer's `HostLane`, through a
/// buffer of at most `capacity` bytes (libcurl's way of applying
/// backpressure): when a piece does not fit, the callback pauses the
/// transfer (`CURL_WRITEFUNC_PAUSE`; curl keeps the piece and offers it
/// again); once the writer has brought the buffer down to half, the loop is
/// signalled to resume it. A slow writer therefore holds up its own
/// transfer only, never the loop nor the client's other transfers.
///
/// Progress (bytes handed to the writer, total unknown) is reported on the
/// lane after each write.
final class ReplyDrain: Sendable {
    /// What the write callback does with a piece.
    enum Offer: Equatable {
        /// Queued for the writer: the callback takes it.
        case accepted
        /// The buffer is full: pause; the same piece comes again after the resume.
        case pause
        /// The writer failed: abort the transfer with this error.
        case abort(CloudError)
    }

    /// The default buffer: 1 MiB per transfer.
    static let defaultCapacity = 1 << 20

    private struct State {
        var buffered = 0
        var paused = false
        var delivered: Int64 = 0
    }

    private let writer: BodyWriter
    private let progress: ProgressHandler?
    private let lane: HostLane
    private let signals: TransferSignals
    private let capacity: Int
    private let state = Locked(State())

    init(writer: BodyWriter, progress: ProgressHandler?, lane: HostLane, signals: TransferSignals, capacity: Int = defaultCapacity) {
        self.writer = writer
        self.progress = progress
        self.lane = lane
        self.signals = signals
        self.capacity = max(1, capacity)
    }

    /// Called on the loop thread with the next piece of the body. A piece
    /// always fits an empty buffer, whatever its size.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Offer {
        if let failure = lane.failure { return .abort(failure) }
        let capacity = capacity
        let fits = state.withLock { state -> Bool in
            guard state.buffered == 0 || state.buffered + bytes.count <= capacity else {
                state.paused = true
                return false
            }
            state.buffered += bytes.count
            return true
        }
        guard fits else { return .pause }
        let piece = Data(bytes)
        lane.post { () throws(CloudError) in try self.deliver(piece) }
        return .accepted
    }

    /// On the lane: hands `piece` to the writer, then frees its space.
    private func deliver(_ piece: Data) throws(CloudError) {
        let outcome = piece.withUnsafeBytes { bytes in Result { () throws(CloudError) in try writer.deliver(bytes) } }
        try outcome.get()
        let capacity = capacity
        let (resume, delivered) = state.withLock { state -> (Bool, Int64) in
            state.buffered -= piece.count
            state.delivered += Int64(piece.count)
            guard state.paused, state.buffered <= capacity / 2 else { return (false, state.delivered) }
            state.paused = false
            return (true, state.delivered)
        }
        if resume { signals.send(.resume) }
        progress?(delivered, -1)
    }
}
