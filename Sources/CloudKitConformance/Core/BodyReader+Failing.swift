import CloudKit
import Foundation

extension BodyReader {
    /// A reader that gives `limit` bytes of `byte`, then throws: a body that
    /// breaks partway, for checking what a failed upload leaves behind (the
    /// put fails `cancelled`; nothing new is stored).
    public static func failing(after limit: Int, byte: UInt8 = 0x42) -> BodyReader {
        struct ReaderGaveUp: Error {}
        let given = Locked(0)
        return BodyReader { buffer in
            let count = given.withLock { given -> Int in
                let count = min(buffer.count, max(limit - given, 0))
                given += count
                return count
            }
            guard count > 0 || buffer.isEmpty else { throw ReaderGaveUp() }
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]).initializeMemory(as: UInt8.self, repeating: byte)
            return count
        }
    }
}
