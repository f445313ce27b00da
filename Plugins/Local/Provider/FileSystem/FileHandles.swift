import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// A file being written: created exclusively, written, fsynced and closed.
/// Used by one thread at a time; closing is idempotent.
final class WritableFile {
    let path: String
    private var descriptor: Int32

    /// Creates `path`, which must not exist (nor be a link). `mode` applies
    /// to later opens, so a blob created with 0o444 is still writable
    /// through this handle.
    init(creating path: RootedPath, mode: mode_t = 0o644) throws(CloudError) {
        self.path = path.path
        descriptor = try FolderWalk.openFile(path, "cannot create", flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
    }

    deinit { abandon() }

    func write(_ bytes: UnsafeRawBufferPointer) throws(CloudError) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileErrors.map("cannot write", path)
            }
            offset += written
        }
    }

    /// Makes the bytes durable, then closes.
    func syncAndClose() throws(CloudError) {
        guard fsync(descriptor) == 0 else { throw FileErrors.map("cannot sync", path) }
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw FileErrors.map("cannot close", path) }
    }

    /// Closes without syncing (the caller removes the file).
    func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}

/// A file being read at explicit offsets. Used by one thread at a time.
final class ReadableFile {
    /// Where the file is, for error messages: spelled out only when one is made.
    private enum Location {
        case outside(String)
        case inRoot(RootedPath)
    }

    private let location: Location
    private let descriptor: Int32

    /// The file's path, as errors name it.
    var path: String {
        switch location {
        case .outside(let path): path
        case .inRoot(let path): path.path
        }
    }

    /// Opens a file outside the local root (a body to upload), following links.
    init(path: String) throws(CloudError) {
        location = .outside(path)
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileErrors.map("cannot open", path) }
    }

    /// Opens a file inside the local root, never through a link.
    init(at path: RootedPath) throws(CloudError) {
        location = .inRoot(path)
        descriptor = try FolderWalk.openFile(path, "cannot open", flags: O_RDONLY)
    }

    /// Takes `descriptor`, the file at `path` in the local root opened for reading (which it now closes).
    init(descriptor: Int32, at path: RootedPath) {
        location = .inRoot(path)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The file's size now.
    func size() throws(CloudError) -> Int64 {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileErrors.map("cannot inspect", path) }
        return Int64(info.st_size)
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(CloudError) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        while true {
            let count = pread(descriptor, base, buffer.count, off_t(offset))
            if count < 0 {
                if errno == EINTR { continue }
                throw FileErrors.map("cannot read", path)
            }
            return count
        }
    }
}
