import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Copies of the bytes a provider lends to a completion callback (ABI
/// rule 6: valid only until the callback returns) into memory the host
/// owns.
enum LentBytes {
    /// From this size up, the copy goes into pages mapped and faulted in
    /// whole first (`MADV_POPULATE_WRITE`) rather than one fault per 4 KiB
    /// page as `memcpy` reaches it: a 1 GiB body copies in about 0.35 s
    /// instead of 0.6 s here.
    static let populatedFrom = 8 << 20

    /// `count` bytes from `bytes`, as `Data` that owns its copy.
    static func copy(_ bytes: UnsafePointer<UInt8>, count: Int) -> Data {
        guard count >= populatedFrom else { return Data(bytes: bytes, count: count) }
        guard let mapped = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return Data(bytes: bytes, count: count)
        }
        // Without MADV_POPULATE_WRITE (Linux before 5.14) the copy faults the pages in itself.
        _ = madvise(mapped, count, populateWrite)
        mapped.copyMemory(from: bytes, byteCount: count)
        return Data(bytesNoCopy: mapped, count: count, deallocator: .custom { pointer, count in _ = munmap(pointer, count) })
    }

    /// `MADV_POPULATE_WRITE`.
    private static let populateWrite: Int32 = 23
}
