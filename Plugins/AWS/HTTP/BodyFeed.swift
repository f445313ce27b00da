import CloudKitModel
import Foundation

/// Pulls an upload body through the host's `BodyReader` on the transfer's
/// `HostLane`, ahead of curl, into a buffer of at most `capacity` bytes;
/// curl's read callback (the loop thread) only copies out of it. When the
/// buffer is empty the callback pauses the transfer (`CURL_READFUNC_PAUSE`)
/// and the next read that brings bytes (or the end) signals the loop to
/// resume it, so a slow reader holds up its own transfer only.
///
/// The body is checked against its declared length as it is read: more
/// bytes, or an end before it, fail the transfer with `invalid argument`
/// (`IncompleteBody`); a body of unknown length (nil) ends when the reader
/// returns 0. A reader that throws fails the transfer with its `CloudError`
/// (anything else: `cancelled`).
final class BodyFeed: Sendable {
    /// What the read callback hands curl.
    enum Take: Equatable {
        /// This many bytes were copied into curl's buffer; 0 is the end of the body.
        case bytes(Int)
        /// Nothing is buffered yet: pause until the next read comes in.
        case pause
        /// The reader failed: abort the transfer with this error.
        case abort(CloudError)
    }

    /// The default buffer: 1 MiB per transfer, read 64 KiB at a time.
    static let defaultCapacity = 1 << 20
    static let readSize = 64 << 10

    private struct State {
        var pieces: [Data] = []
        /// Bytes of `pieces[0]` already taken.
        var offset = 0
        var buffered = 0
        var reading = false
        /// Every byte of the body has been read.
        var ended = false
        var paused = false
        var read: Int64 = 0
    }

    private let reader: BodyReader
    /// The declared length; nil when unknown.
    private let length: Int64?
    private let lane: HostLane
    private let signals: TransferSignals
    private let capacity: Int
    private let state = Locked(State())

    init(reader: BodyReader, length: Int64?, lane: HostLane, signals: TransferSignals, capacity: Int = defaultCapacity) {
        self.reader = reader
        self.length = length
        self.lane = lane
        self.signals = signals
        self.capacity = max(Self.readSize, capacity)
        if let length, length <= 0 { state.withLock { $0.ended = true } }
    }

    /// Starts reading ahead (when the transfer is added to the loop).
    func start() { readIfRoom() }

    /// Called on the loop thread: copies buffered bytes into `buffer`.
    func take(into buffer: UnsafeMutableRawBufferPointer) -> Take {
        if let failure = lane.failure { return .abort(failure) }
        let taken = state.withLock { state -> Take in
            var copied = 0
            while copied < buffer.count, let first = state.pieces.first {
                let count = min(buffer.count - copied, first.count - state.offset)
                let start = first.startIndex + state.offset
                first.copyBytes(
                    to: UnsafeMutableRawBufferPointer(rebasing: buffer[copied..<(copied + count)]).bindMemory(to: UInt8.self),
                    from: start..<(start + count))
                copied += count
                state.offset += count
                if state.offset == first.count {
                    state.pieces.removeFirst()
                    state.offset = 0
                }
            }
            state.buffered -= copied
            if copied == 0 && !state.ended {
                state.paused = true
                return .pause
            }
            return .bytes(copied)
        }
        readIfRoom()
        return taken
    }

    /// Posts the next read when none is queued, the body is not all read, and a read fits.
    private func readIfRoom() {
        let capacity = capacity
        let reads = state.withLock { state -> Bool in
            guard !state.reading, !state.ended, state.buffered + Self.readSize <= capacity else { return false }
            state.reading = true
            return true
        }
        if reads { lane.post { () throws(CloudError) in try self.readNext() } }
    }

    /// On the lane: one call of the host's reader.
    private func readNext() throws(CloudError) {
        var piece = Data(count: Self.readSize)
        let count = try piece.withMutableBytes { buffer throws(CloudError) -> Int in try reader.checkedRead(into: buffer) }
        piece.count = count
        let length = length
        let resume = try state.withLock { state throws(CloudError) -> Bool in
            state.reading = false
            state.read += Int64(count)
            if let length, state.read > length {
                throw CloudError(.invalidArgument, "the body is longer than its declared length \(length)", code: "IncompleteBody")
            }
            if let length, count == 0 && state.read < length {
                throw CloudError(.invalidArgument, "the body ended after \(state.read) of \(length) bytes", code: "IncompleteBody")
            }
            if count > 0 {
                state.pieces.append(piece)
                state.buffered += count
            }
            if state.read == length || (length == nil && count == 0) { state.ended = true }
            guard state.paused else { return false }
            state.paused = false
            return true
        }
        if resume { signals.send(.resume) }
        readIfRoom()
    }
}
