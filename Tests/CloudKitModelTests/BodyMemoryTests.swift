import CloudKitModel
import Foundation
import Testing

/// `BodyMemory`: the memory a host lends for a body read into memory (ABI
/// 1.6 `reserve`), asked for once, written only while open, and settled
/// into the result before the completion.
@Suite("Body memory")
struct BodyMemoryTests {
    /// An allocator that records what it lent (and frees it at the end).
    final class Lender: @unchecked Sendable {
        let lock = NSLock()
        var asks: [Int] = []
        var lent: [UnsafeMutableRawPointer] = []
        let refuse: Bool

        init(refuse: Bool = false) { self.refuse = refuse }

        func memory() -> BodyMemory {
            BodyMemory { count in
                self.lock.lock()
                defer { self.lock.unlock() }
                self.asks.append(count)
                guard !self.refuse, let pointer = malloc(count) else { return nil }
                self.lent.append(pointer)
                return pointer
            }
        }

        deinit { lent.forEach { free($0) } }
    }

    @Test("reserved once, filled, handed back as the same memory; closed, it refuses every write")
    func reserveFillSettle() throws {
        let lender = Lender()
        let memory = lender.memory()
        #expect(!memory.isLent)
        let pointer = try memory.reserve(6)
        #expect(memory.isLent)
        let twice = #expect(throws: CloudError.self) { try memory.reserve(6) }
        #expect(twice?.kind == .internal)
        try memory.withBytes { bytes in bytes.copyBytes(from: Array("abcdef".utf8)) }
        let data = try memory.data()
        #expect(data == Data("abcdef".utf8))
        let settled = try #require(try memory.settle(data))
        #expect(settled.baseAddress == UnsafeRawPointer(pointer))
        #expect(Data(settled) == Data("abcdef".utf8))
        let late = #expect(throws: CloudError.self) { try memory.withBytes { _ in () } }
        #expect(late?.kind == .cancelled)
        #expect(lender.asks == [6])
    }

    @Test("a refusal is cancelled; so is a reserve after close; nothing is asked for an empty body")
    func refusals() throws {
        let refused = #expect(throws: CloudError.self) { try Lender(refuse: true).memory().reserve(10) }
        #expect(refused?.kind == .cancelled)
        let lender = Lender()
        let memory = lender.memory()
        #expect(throws: CloudError.self) { try memory.reserve(0) }
        #expect(try memory.settle(Data()) == nil)
        let closed = #expect(throws: CloudError.self) { try memory.reserve(10) }
        #expect(closed?.kind == .cancelled)
        #expect(lender.asks.isEmpty)
    }

    @Test("a body the provider held itself is copied into memory asked for at the end; a refusal then is cancelled")
    func settleAsksLate() throws {
        let lender = Lender()
        let body = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0) })
        let settled = try #require(try lender.memory().settle(body))
        #expect(lender.asks == [4096])
        #expect(settled.baseAddress == UnsafeRawPointer(lender.lent[0]))
        #expect(Data(settled) == body)
        let refused = #expect(throws: CloudError.self) { try Lender(refuse: true).memory().settle(body) }
        #expect(refused?.kind == .cancelled)
    }

    @Test("memory lent for another size is left alone: the body is handed over as it is")
    func settleOtherSize() throws {
        let lender = Lender()
        let memory = lender.memory()
        _ = try memory.reserve(8)
        #expect(try memory.settle(Data("four".utf8)) == nil)
        #expect(throws: CloudError.self) { try memory.withBytes { _ in () } }
    }

    @Test("a body of a few bytes, which Data keeps inline, is copied into the lent memory")
    func inlineBody() throws {
        let lender = Lender()
        let memory = lender.memory()
        let pointer = try memory.reserve(3)
        try memory.withBytes { bytes in bytes.copyBytes(from: [1, 2, 3]) }
        let settled = try #require(try memory.settle(Data([1, 2, 3])))
        #expect(settled.baseAddress == UnsafeRawPointer(pointer))
        #expect(Array(settled) == [1, 2, 3])
    }
}
