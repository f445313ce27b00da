import CloudKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The body of `storage put … -`: standard input, streamed — never read
/// whole into memory. A regular file redirected in (`< file`) has a known
/// length. From a pipe or a terminal, input that ends within the first
/// `headSize` bytes goes as bytes in memory (any provider takes those);
/// longer input goes as a stream of unknown length, starting with what was
/// read (ABI 1.4; the host spools it first for a provider older than that).
enum StandardInputBody {
    /// How much of a pipe is read before deciding between bytes and a stream.
    static let headSize = 1 << 20

    static func source() throws(CloudError) -> BodySource {
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
            let position = lseek(STDIN_FILENO, 0, SEEK_CUR)
            if position >= 0 { return .stream(length: Int64(status.st_size) - Int64(position), reader: reader(after: Data())) }
        }
        var head = Data(count: headSize)
        var filled = 0
        while filled < headSize {
            let count = try head.withUnsafeMutableBytes { buffer in
                Result { () throws(CloudError) in try readInput(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])) }
            }.get()
            if count == 0 { return .bytes(head.prefix(filled)) }
            filled += count
        }
        return .stream(length: nil, reader: reader(after: head))
    }

    /// A reader that gives `head` first, then the rest of standard input.
    private static func reader(after head: Data) -> BodyReader {
        let pending = Locked(head)
        return BodyReader { buffer in
            let given = pending.withLock { pending -> Int in
                let count = min(pending.count, buffer.count)
                guard count > 0 else { return 0 }
                pending.prefix(count).copyBytes(to: buffer)
                pending = count == pending.count ? Data() : pending.dropFirst(count)
                return count
            }
            return given > 0 ? given : try readInput(buffer)
        }
    }

    /// One read of standard input straight into `buffer`; 0 at its end.
    private static func readInput(_ buffer: UnsafeMutableRawBufferPointer) throws(CloudError) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        while true {
            let count = read(STDIN_FILENO, base, buffer.count)
            if count >= 0 { return count }
            guard errno == EINTR else {
                throw CloudError(.internal, "cannot read standard input: \(String(cString: strerror(errno)))", code: "IOError")
            }
        }
    }
}
