#if canImport(Glibc)
import Glibc
#endif

/// Faulting memory's pages in ahead of use, and asking for huge pages for
/// a large body, shared by the host (`HostBodyMemory`: the memory it lends
/// for a body and its copies of lent bodies) and the provider kit
/// (`DownloadBuffer`).
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

    /// Asks the kernel to back the `count` bytes at `pointer` with huge
    /// pages (`MADV_HUGEPAGE`: transparent huge pages, 2 MiB on x86-64),
    /// for a large body about to be written whole: faulting in 1 GiB then
    /// takes 512 faults instead of 262,144 (here 0.05–0.13 s instead of
    /// 0.33 s) and its copies miss the TLB less. Only for memory that is a
    /// mapping of its own (a block malloc serves with `mmap`, from 32 MiB
    /// up, or one we mapped): advice on part of the heap would reach the
    /// small blocks malloc later carves there. Advice only: where the
    /// kernel has no transparent huge pages, or none are free, the pages
    /// stay small. False when the kernel refused the advice.
    @discardableResult
    public static func preferHugePages(_ pointer: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        guard count >= hugePagesFrom else { return false }
        let address = UInt(bitPattern: pointer)
        let start = address & ~(pageSize - 1)
        guard let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return false }
        return madvise(aligned, count + Int(address - start), MADV_HUGEPAGE) == 0
    }

    /// The smallest body `preferHugePages` advises: glibc's largest
    /// threshold for serving a block with a mapping of its own (32 MiB on
    /// 64-bit), so the advice never touches the heap.
    public static let hugePagesFrom = 32 << 20

    /// The size of a page.
    private static let pageSize = UInt(max(sysconf(Int32(_SC_PAGESIZE)), 4096))

    /// `MADV_POPULATE_WRITE`, which Glibc's headers may not have yet.
    private static let populateWrite: Int32 = 23
}
