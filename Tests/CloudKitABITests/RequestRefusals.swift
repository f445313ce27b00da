import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Testing

/// A C struct inside a larger buffer, so that `struct_size` may exceed `sizeof`.
struct Padded<Value> {
    var value: Value
    var tail: (UInt64, UInt64) = (0, 0)

    init(_ value: Value) { self.value = value }

    /// Sets the struct's `struct_size` (every ABI struct begins with it).
    mutating func setSize(_ size: Int) {
        withUnsafeMutableBytes(of: &value) { $0.storeBytes(of: size, as: Int.self) }
    }

    /// Calls `body` with a pointer to the struct, its tail following it.
    mutating func withPointer<Result>(_ body: (UnsafePointer<Value>) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointer(to: &self) { try body(UnsafeRawPointer($0).assumingMemoryBound(to: Value.self)) }
    }
}

/// The refusals every request reader applies (the growth rules and the
/// per-call option rule), checked on a valid request of one family.
struct RequestRefusals<Request: ABIStructType> {
    /// A request the reader accepts.
    var valid: Request
    /// A member that must not be NULL, and how messages name it.
    var required: WritableKeyPath<Request, UnsafePointer<CChar>?>
    var requiredName: String
    var options: WritableKeyPath<Request, UnsafePointer<ck_pair>?>
    var optionCount: WritableKeyPath<Request, Int>
    /// The entry name an option refusal names.
    var operation: String
    /// The codec's provider-side read.
    var read: (UnsafePointer<Request>?) throws -> Void

    func check() throws {
        var padded = Padded(valid)
        try padded.withPointer { try read($0) }

        padded.setSize(Request.firstSize - 1)
        let small = padded.withPointer { pointer in #expect(throws: CloudError.self) { try read(pointer) } }
        #expect(small?.kind == .invalidArgument, "\(Request.abiName) below its 1.0 size")
        #expect(small?.message.contains(Request.abiName) == true)

        padded.setSize(Request.firstSize)
        try padded.withPointer { try read($0) }

        let known = MemoryLayout<Request>.size
        padded.setSize(known + 16)
        try padded.withPointer { try read($0) }
        padded.tail.1 = 1
        let tail = padded.withPointer { pointer in #expect(throws: CloudError.self) { try read(pointer) } }
        #expect(tail?.kind == .unsupported, "\(Request.abiName) with a non-zero unknown tail")
        #expect(tail?.message.contains(Request.abiName) == true)
        #expect(tail?.message.contains("offset \(known + 8)") == true)

        var missing = Padded(valid)
        missing.value[keyPath: required] = nil
        let null = missing.withPointer { pointer in #expect(throws: CloudError.self) { try read(pointer) } }
        #expect(null?.kind == .invalidArgument, "\(Request.abiName) without \(requiredName)")
        #expect(null?.message.contains("\(requiredName) is required") == true, "\(null?.message ?? "")")

        let none = #expect(throws: CloudError.self) { try read(nil) }
        #expect(none?.kind == .invalidArgument)

        let arena = CArena()
        var withOption = Padded(valid)
        (withOption.value[keyPath: options], withOption.value[keyPath: optionCount]) = arena.pairs(["colour": "red"])
        let unknown = withOption.withPointer { pointer in #expect(throws: CloudError.self) { try read(pointer) } }
        #expect(unknown?.kind == .invalidArgument, "\(Request.abiName) with an unknown option")
        #expect(unknown?.message.contains("'colour'") == true && unknown?.message.contains(operation) == true, "\(unknown?.message ?? "")")
    }
}
