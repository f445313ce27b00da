import CLinuxFiles
import CloudKitModel
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A download to a file that appears whole or not at all: bytes go to a
/// hidden temporary file beside the destination (`.NAME.UUID.part`), which
/// `commit` syncs and renames over it; `discard`, a failure, or dropping the
/// sink without committing removes the temporary and leaves the destination
/// as it was. Every provider writes file sinks through this one type.
///
/// Writeback starts while the download runs: after every `writebackStep`
/// bytes written, the kernel is asked (on `BlockingIO`, never on the writer's
/// thread) to start writing the file's dirty pages to disk
/// (`sync_file_range`, without waiting), so the bytes do not all sit in the
/// page cache until `commit`, whose `fsync` then waits only for the tail:
/// a download takes about the longer of the network and the disk, not
/// their sum.
///
/// Thread-safe: writes at explicit offsets may come from several threads
/// (parts of a ranged download); appends from one thread at a time.
public final class AtomicFileSink: Sendable {
    private struct State {
        var descriptor: Int32
        var appendOffset: Int64 = 0
        var open = true
        /// Bytes written since writeback was last started.
        var unflushed: Int64 = 0
    }

    /// Bytes written between two starts of writeback.
    public static let writebackStep: Int64 = 8 << 20

    /// The destination.
    public let path: String
    /// The temporary file the bytes go to until `commit`.
    public let temporary: String
    private let state: Locked<State>
    /// A second descriptor of the temporary, for writeback hints under a
    /// lock of its own (a hint never waits for a write); -1 once closed.
    private let hint: Locked<Int32>
    /// Set while a writeback hint is queued or running: at most one at a time.
    private let hinting = Atomic<Bool>(false)

    /// Creates the temporary file for `path`. A destination whose folder does
    /// not exist, or that names no file, is `invalid argument` (`NoSuchFile`).
    public init(replacing path: String) throws(CloudError) {
        let name = (path as NSString).lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        guard !name.isEmpty, !path.hasSuffix("/") else { throw .invalidArgument("the download path '\(path)' names no file") }
        self.path = path
        temporary = "\(folder.isEmpty ? "." : folder)/.\(name).\(UUID().uuidString).part"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            if errno == ENOENT || errno == ENOTDIR {
                throw CloudError(.invalidArgument, "cannot write \(path): its folder does not exist", code: "NoSuchFile")
            }
            throw FileErrors.map("cannot create", temporary)
        }
        state = Locked(State(descriptor: descriptor))
        hint = Locked(dup(descriptor))
    }

    deinit { discard() }

    /// Appends `bytes` after what was appended so far.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        let due = try state.withLock { (state: inout State) throws(CloudError) -> Bool in
            let due = try Self.write(bytes, at: state.appendOffset, into: &state)
            state.appendOffset += Int64(bytes.count)
            return due
        }
        if due { startWriteback() }
    }

    /// Writes `bytes` at `offset` (parts of a download, in any order).
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(CloudError) {
        let due = try state.withLock { (state: inout State) throws(CloudError) -> Bool in try Self.write(bytes, at: offset, into: &state) }
        if due { startWriteback() }
    }

    /// Writes `bytes`; true when writeback is due.
    private static func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, into state: inout State) throws(CloudError) -> Bool {
        guard state.open else { throw .internal("the download file was already finished") }
        guard let base = bytes.baseAddress else { return false }
        var written = 0
        while written < bytes.count {
            let count = pwrite(state.descriptor, base + written, bytes.count - written, off_t(offset) + off_t(written))
            if count < 0 {
                if errno == EINTR { continue }
                throw FileErrors.map("cannot write", "the download of the file")
            }
            written += count
        }
        state.unflushed += Int64(bytes.count)
        guard state.unflushed >= writebackStep else { return false }
        state.unflushed = 0
        return true
    }

    /// Asks the kernel, on a `BlockingIO` thread, to start writing back what
    /// is dirty in the file (a request already queued or running covers it).
    private func startWriteback() {
        guard hinting.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        BlockingIO.start(.files) { [self] in
            hint.withLock { descriptor in
                if descriptor >= 0 { _ = ck_start_writeback(descriptor, 0, 0) }
            }
            hinting.store(false, ordering: .releasing)
        }
    }

    /// Closes the hint descriptor (after `commit`'s fsync or on `discard`).
    private func closeHint() {
        hint.withLock { descriptor in
            if descriptor >= 0 { _ = close(descriptor) }
            descriptor = -1
        }
    }

    /// Makes the file durable and puts it in place of the destination.
    public func commit() throws(CloudError) {
        try state.withLock { (state: inout State) throws(CloudError) in
            guard state.open else { throw .internal("the download file was already finished") }
            state.open = false
            let synced = fsync(state.descriptor) == 0 ? 0 : errno
            _ = close(state.descriptor)
            closeHint()
            guard synced == 0 else {
                unlink(temporary)
                throw FileErrors.map("cannot sync", path, synced)
            }
            guard rename(temporary, path) == 0 else {
                let failure = FileErrors.map("cannot move the download into", path)
                unlink(temporary)
                throw failure
            }
            let folder = (path as NSString).deletingLastPathComponent
            let directory = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                _ = fsync(directory)
                _ = close(directory)
            }
        }
    }

    /// Drops what was written: the temporary file is removed (nothing when already committed).
    public func discard() {
        state.withLock { state in
            guard state.open else { return }
            state.open = false
            _ = close(state.descriptor)
            closeHint()
            unlink(temporary)
        }
    }
}
