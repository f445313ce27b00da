import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Memory the host owns for a body read into memory: what it lends a
/// provider through `reserve` (ABI 1.6) and where it copies a body a
/// provider lends instead. Small bodies are malloc'd; from
/// `mappedFrom` up a body gets a mapping of its own, so the whole of it
/// goes back to the kernel when freed and its pages can be faulted in
/// ahead of a copy. Freed once: by the `Data` that adopts it, or by `free`.
public struct HostBodyMemory: @unchecked Sendable {
    /// From this size up, a mapping of its own rather than malloc.
    public static let mappedFrom = 8 << 20

    /// The first byte.
    public let pointer: UnsafeMutableRawPointer
    /// The size asked for.
    public let count: Int
    private let mapped: Bool

    /// `count` (more than 0) bytes, not zeroed; nil when the system has none.
    public init?(count: Int) {
        guard count > 0 else { return nil }
        if count >= Self.mappedFrom {
            guard let mapping = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapping != MAP_FAILED else {
                return nil
            }
            pointer = mapping
            mapped = true
        } else {
            guard let block = malloc(count) else { return nil }
            pointer = block
            mapped = false
        }
        self.count = count
    }

    /// The bytes as `Data`, which now owns (and frees) them.
    public func adopt() -> Data {
        let deallocator: Data.Deallocator = mapped ? .custom { pointer, count in _ = munmap(pointer, count) } : .free
        return Data(bytesNoCopy: pointer, count: count, deallocator: deallocator)
    }

    /// Gives the bytes back; for memory no `Data` adopted.
    public func free() {
        if mapped { _ = munmap(pointer, count) } else { Glibc.free(pointer) }
    }

    /// `count` bytes from `bytes` (lent only for the length of a callback, ABI
    /// rule 6) as `Data` that owns its copy. A mapped copy's pages are
    /// faulted in whole before the copy rather than one fault per 4 KiB page
    /// as `memcpy` reaches it: a 1 GiB body copies in about 0.35 s instead
    /// of 0.6 s here.
    public static func copy(_ bytes: UnsafePointer<UInt8>, count: Int) -> Data {
        guard let memory = HostBodyMemory(count: count) else { return Data(bytes: bytes, count: count) }
        if memory.mapped { PageFaults.populate(memory.pointer, count) }
        memory.pointer.copyMemory(from: bytes, byteCount: count)
        return memory.adopt()
    }
}
