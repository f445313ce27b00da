import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Memory for one part of an upload, mapped straight from the kernel and
/// unmapped as soon as the part's last reference goes. Parts are megabytes
/// each, read on one thread and freed on another: left to malloc, freed
/// ones linger in its per-thread arenas and the process keeps much more
/// than the parts in flight. Pages are touched only as bytes arrive.
enum S3PartBuffer {
    /// A new buffer of `count` zero bytes.
    static func make(_ count: Int) throws(CloudError) -> Data {
        guard count > 0 else { return Data() }
        let pointer = mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let pointer, pointer != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw CloudError(.internal, "cannot map \(count) bytes for an upload part: \(String(cString: strerror(errno)))", code: "OutOfMemory")
        }
        return Data(bytesNoCopy: pointer, count: count, deallocator: .custom { pointer, count in _ = munmap(pointer, count) })
    }
}
