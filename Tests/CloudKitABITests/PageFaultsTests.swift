import CloudKitABI
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Faulting pages in ahead of a large body, and asking for huge pages for
/// it: the advice reaches only mappings from `PageFaults.hugePagesFrom` up,
/// is seen by the kernel (the mapping's `hg` flag in `/proc/self/smaps`),
/// and never changes a byte.
@Suite("Page faults")
struct PageFaultsTests {
    /// A private anonymous mapping of `count` bytes, unmapped after `body`.
    func withMapping(_ count: Int, _ body: (UnsafeMutableRawPointer) throws -> Void) throws {
        let mapping = try #require(mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        try #require(mapping != MAP_FAILED)
        defer { munmap(mapping, count) }
        try body(mapping)
    }

    /// The `VmFlags` of the mapping holding `address`, from `/proc/self/smaps`.
    func flags(of address: UnsafeMutableRawPointer) throws -> [Substring] {
        // Read to the end: /proc files report a size of 0.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? file.close() }
        let smaps = String(decoding: try file.readToEnd() ?? Data(), as: UTF8.self)
        let target = UInt(bitPattern: address)
        var inside = false
        for line in smaps.split(separator: "\n") {
            if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
                let low = UInt(line[..<dash], radix: 16), let high = UInt(line[line.index(after: dash)..<space], radix: 16)
            {
                inside = low <= target && target < high
            } else if inside, line.hasPrefix("VmFlags:") {
                return line.dropFirst("VmFlags:".count).split(separator: " ")
            }
        }
        Issue.record("no mapping holds \(address) in /proc/self/smaps")
        return []
    }

    /// Whether this kernel has transparent huge pages at all.
    var kernelHasHugePages: Bool { FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") }

    @Test("a body below the threshold gets no advice; its mapping keeps its flags")
    func smallBodyIsLeftAlone() throws {
        try withMapping(PageFaults.hugePagesFrom) { mapping in
            #expect(!PageFaults.preferHugePages(mapping, PageFaults.hugePagesFrom - 1))
            let flags = try flags(of: mapping)
            #expect(!flags.contains("hg"))
        }
    }

    @Test("a large body is advised where the kernel has huge pages, and keeps every byte written before and after")
    func largeBodyIsAdvised() throws {
        let count = PageFaults.hugePagesFrom + 3 * 4096
        try withMapping(count) { mapping in
            let bytes = mapping.assumingMemoryBound(to: UInt8.self)
            bytes[0] = 41
            let advised = PageFaults.preferHugePages(mapping + 16, count - 16)
            #expect(advised == kernelHasHugePages)
            if advised {
                let flags = try flags(of: mapping)
                #expect(flags.contains("hg"))
            }
            #expect(PageFaults.populate(mapping, count))
            bytes[count - 1] = 43
            #expect(bytes[0] == 41)
            #expect(bytes[count / 2] == 0)
            #expect(bytes[count - 1] == 43)
        }
    }
}
