import CloudKitModel
import CloudKitProviderSupport
import Foundation
import Testing

/// The one buffer a ranged download into memory lands in: parts at their
/// offsets, in any order, handed over once as `Data` without a copy.
@Suite("DownloadBuffer")
struct DownloadBufferTests {
    func place(_ buffer: DownloadBuffer, _ bytes: [UInt8], at offset: Int64) throws {
        try bytes.withUnsafeBytes { try buffer.write($0, at: offset) }
    }

    @Test("parts written at offsets in any order make the whole body, taken once")
    func partsInAnyOrder() throws {
        let buffer = try DownloadBuffer(count: 11)
        try place(buffer, Array("world".utf8), at: 6)
        try place(buffer, Array("hello ".utf8), at: 0)
        #expect(try buffer.take() == Data("hello world".utf8))
        #expect(throws: CloudError.self) { try buffer.take() }
        #expect(throws: CloudError.self) { try place(buffer, [1], at: 0) }
    }

    @Test("a write past the end, or at a negative offset, is refused and changes nothing")
    func outOfBounds() throws {
        let buffer = try DownloadBuffer(count: 4)
        try place(buffer, [1, 2, 3, 4], at: 0)
        let past = #expect(throws: CloudError.self) { try place(buffer, [9, 9], at: 3) }
        #expect(past?.kind == .internal)
        #expect(throws: CloudError.self) { try place(buffer, [9], at: -1) }
        #expect(try buffer.take() == Data([1, 2, 3, 4]))
    }

    @Test("an empty body is empty data; prefaulting keeps what was written")
    func emptyAndPrefault() throws {
        #expect(try DownloadBuffer(count: 0).take() == Data())
        let count = 3 << 20
        let buffer = try DownloadBuffer(count: count)
        let head = [UInt8](repeating: 7, count: count / 2)
        try place(buffer, head, at: 0)
        buffer.prefault(CancellationFlag())
        let tail = [UInt8](repeating: 9, count: count - head.count)
        try place(buffer, tail, at: Int64(head.count))
        #expect(try buffer.take() == Data(head + tail))
    }

    @Test("a buffer filled again and again is read through withBytes (a prefix, clamped to the buffer), until it is taken")
    func refilled() throws {
        let buffer = try DownloadBuffer(count: 8)
        try place(buffer, [1, 2, 3, 4, 5, 6, 7, 8], at: 0)
        #expect(try buffer.withBytes(8) { Array($0) } == [1, 2, 3, 4, 5, 6, 7, 8])
        try place(buffer, [9, 9, 9], at: 0)
        #expect(try buffer.withBytes(3) { Array($0) } == [9, 9, 9])
        #expect(try buffer.withBytes(100) { $0.count } == 8)
        _ = try buffer.take()
        #expect(throws: CloudError.self) { try buffer.withBytes(1) { $0.count } }
    }
}

/// A download buffer in memory the host lends (ABI 1.6 `reserve`).
@Suite("DownloadBuffer in the host's memory")
struct HostDownloadBufferTests {
    @Test("parts land in the host's memory, taken without a copy; once the memory is closed, writes are refused")
    func lentMemory() throws {
        let lent = Locked<UnsafeMutableRawPointer?>(nil)
        let memory = BodyMemory { count in
            let pointer = malloc(count)
            lent.withLock { $0 = pointer }
            return pointer
        }
        defer { lent.withLock { free($0) } }
        // More than the 14 bytes `Data` would keep inline.
        let text = "hello, world, from two parts"
        let buffer = try DownloadBuffer(count: text.utf8.count, in: memory)
        let pointer = try #require(lent.withLock { $0 })
        try bytesPlace(buffer, Array(text.utf8.dropFirst(7)), at: 7)
        try bytesPlace(buffer, Array(text.utf8.prefix(7)), at: 0)
        let data = try buffer.take()
        #expect(data == Data(text.utf8))
        #expect(data.withUnsafeBytes { $0.baseAddress } == UnsafeRawPointer(pointer))

    }

    @Test("writes after the provider kit closes the memory are refused as cancelled, and change nothing")
    func closedRefuses() throws {
        let lent = Locked<UnsafeMutableRawPointer?>(nil)
        let memory = BodyMemory { count in
            let pointer = calloc(count, 1)
            lent.withLock { $0 = pointer }
            return pointer
        }
        defer { lent.withLock { free($0) } }
        let buffer = try DownloadBuffer(count: 4, in: memory)
        try bytesPlace(buffer, [1, 2], at: 0)
        memory.close()
        let refused = #expect(throws: CloudError.self) { try bytesPlace(buffer, [3, 4], at: 2) }
        #expect(refused?.kind == .cancelled)
        let pointer = try #require(lent.withLock { $0 })
        #expect(Array(UnsafeRawBufferPointer(start: pointer, count: 4)) == [1, 2, 0, 0])
        buffer.prefault(CancellationFlag())
    }

    func bytesPlace(_ buffer: DownloadBuffer, _ bytes: [UInt8], at offset: Int64) throws {
        try bytes.withUnsafeBytes { try buffer.write($0, at: offset) }
    }
}
