import Foundation
import Testing

@testable import CloudKit

/// `LentBytes.copy`: the host's own copy of a body a provider lends, small
/// ones through `Data`, large ones into pages mapped and faulted in first.
@Suite("Lent bytes")
struct LentBytesTests {
    @Test("the copy holds the same bytes, below and above the mapped size, and outlives the lent buffer", arguments: [
        0, 1, 4096, LentBytes.populatedFrom - 1, LentBytes.populatedFrom, LentBytes.populatedFrom + 4097,
    ])
    func copies(count: Int) {
        var lent = [UInt8](repeating: 0, count: count)
        for index in lent.indices { lent[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        let copy = lent.withUnsafeBufferPointer { buffer -> Data in
            guard let base = buffer.baseAddress else { return Data() }
            return LentBytes.copy(base, count: buffer.count)
        }
        let expected = Data(lent)
        // The lent buffer is reused by its owner once the callback returns.
        for index in lent.indices { lent[index] = 0 }
        #expect(copy.count == count)
        #expect(copy == expected)
    }
}
