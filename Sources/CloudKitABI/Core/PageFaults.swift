#if canImport(Glibc)
import Glibc
#endif

/// Faulting memory's pages in ahead of use, shared by the host (its copies
/// of lent bodies, `HostBodyMemory.copy`) and the provider kit
/// (`DownloadBuffer.prefault`).
public enum PageFaults {
    /// Faults in the pages holding the `count` bytes at `pointer` as if
    /// written, without changing a byte (`MADV_POPULATE_WRITE`, Linux 5.14
    /// and later). The range is widened to whole pages (madvise wants an
    /// aligned start; malloc's large blocks start 16 bytes into a page),
    /// which the pages holding the range's ends are, being mapped. False
    /// where the kernel lacks it or the range is not mapped: the first
    /// write faults the pages in instead.
    @discardableResult
    public static func populate(_ pointer: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        guard count > 0 else { return true }
        let address = UInt(bitPattern: pointer)
        let start = address & ~(pageSize - 1)
        guard let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return false }
        return madvise(aligned, count + Int(address - start), populateWrite) == 0
    }

    /// The size of a page.
    private static let pageSize = UInt(max(sysconf(Int32(_SC_PAGESIZE)), 4096))

    /// `MADV_POPULATE_WRITE`, which Glibc's headers may not have yet.
    private static let populateWrite: Int32 = 23
}
