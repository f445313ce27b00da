import CCloudKitABI
import CloudKitABI
import Foundation
import Testing

/// The host's memory for bodies read into memory: the copy of a body a
/// provider lends (small ones malloc'd, large ones in a mapping faulted in
/// first), and the memory lent to a provider through `reserve` (ABI 1.6),
/// adopted by the result without a copy when the provider filled it.
@Suite("Host body memory")
struct HostBodyMemoryTests {
    static func pattern(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    @Test("the copy holds the same bytes, below and above the mapped size, and outlives the lent buffer", arguments: [
        0, 1, 4096, HostBodyMemory.mappedFrom - 1, HostBodyMemory.mappedFrom, HostBodyMemory.mappedFrom + 4097,
    ])
    func copies(count: Int) {
        var lent = Self.pattern(count)
        let copy = lent.withUnsafeBufferPointer { buffer -> Data in
            guard let base = buffer.baseAddress else { return Data() }
            return HostBodyMemory.copy(base, count: buffer.count)
        }
        let expected = Data(lent)
        // The lent buffer is reused by its owner once the callback returns.
        for index in lent.indices { lent[index] = 0 }
        #expect(copy.count == count)
        #expect(copy == expected)
    }

    @Test("memory lent through reserve is adopted as it is, once; a second reserve is refused", arguments: [
        15, 4096, HostBodyMemory.mappedFrom + 1,
    ])
    func reservedIsAdopted(count: Int) throws {
        let callbacks = HostBodyCallbacks()
        let memory = try #require(HostBodyCallbacks.reserve(callbacks.pointer, count))
        #expect(HostBodyCallbacks.reserve(callbacks.pointer, count) == nil)
        let bytes = Self.pattern(count)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: count) }
        let body = callbacks.body(memory.assumingMemoryBound(to: UInt8.self), count: count)
        #expect(body == Data(bytes))
        // The same memory, not a copy of it.
        #expect(body.withUnsafeBytes { $0.baseAddress } == UnsafeRawPointer(memory))
    }

    @Test("a body the provider lends from its own memory is copied, and the unused reservation freed with the callbacks")
    func lentElsewhereIsCopied() throws {
        let count = 4096
        var body = Data()
        var lent = Self.pattern(count)
        do {
            let callbacks = HostBodyCallbacks()
            _ = try #require(HostBodyCallbacks.reserve(callbacks.pointer, count))
            body = lent.withUnsafeBufferPointer { callbacks.body($0.baseAddress!, count: count) }
        }
        let expected = Data(lent)
        for index in lent.indices { lent[index] = 0 }
        #expect(body == expected)
    }

    @Test("nothing is lent for an empty body")
    func emptyIsRefused() {
        #expect(HostBodyMemory(count: 0) == nil)
        let callbacks = HostBodyCallbacks()
        #expect(HostBodyCallbacks.reserve(callbacks.pointer, 0) == nil)
    }
}
