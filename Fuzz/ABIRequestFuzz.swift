import CCloudKitABI
import CloudKitABI
import CloudKitModel

/// libFuzzer entry: requests as a host hands them to a provider, through
/// the provider-side codecs. The input chooses the struct, its
/// `struct_size`, the bytes of an unknown tail, and the strings and option
/// pairs it points at (pointers are always valid: a C host cannot pass
/// garbage pointers through any ABI). Any request may be refused with a
/// CloudError; none may crash or trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzABIRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeBufferPointer(start: data, count: size))
    let arena = CArena()
    switch input.byte() % 6 {
    case 0:
        var c = ck_put_object_request()
        c.bucket = input.string(arena); c.key = input.string(arena); c.content_type = input.string(arena)
        (c.metadata, c.metadata_count) = input.pairs(arena)
        (c.options, c.option_count) = input.pairs(arena)
        input.withStruct(&c) { _ = try? PutObjectRequestCodec.read($0) }
    case 1:
        var c = ck_get_object_request()
        c.bucket = input.string(arena); c.key = input.string(arena)
        c.has_range = Int32(input.byte() % 2); c.range_start = input.int64(); c.range_end = input.int64()
        (c.options, c.option_count) = input.pairs(arena)
        input.withStruct(&c) { _ = try? GetObjectRequestCodec.read($0) }
    case 2:
        var c = ck_list_request()
        c.prefix = input.string(arena); c.page_token = input.string(arena); c.max_items = Int32(truncatingIfNeeded: input.int64())
        input.withStruct(&c) { _ = try? ResourceListingCodec.read($0, operation: "list_buckets") }
    case 3:
        var c = ck_kv_query_request()
        c.table = input.string(arena); c.partition_json = input.string(arena); c.sort_json = input.string(arena)
        c.sort_json2 = input.string(arena); c.sort_op = Int32(input.byte() % 10); c.limit = Int32(truncatingIfNeeded: input.int64())
        c.page_token = input.string(arena)
        input.withStruct(&c) { _ = try? QueryRequestCodec.read($0) }
    case 4:
        var c = ck_send_request()
        c.queue = input.string(arena)
        let body = input.bytes(arena)
        (c.body, c.body_length) = (body.0, body.1)
        c.delay_seconds = Int32(truncatingIfNeeded: input.int64())
        c.group_id = input.string(arena); c.deduplication_id = input.string(arena)
        input.withStruct(&c) { _ = try? SendRequestCodec.read($0) }
    default:
        var c = ck_invoke_request()
        c.function = input.string(arena); c.qualifier = input.string(arena)
        let payload = input.bytes(arena)
        (c.payload, c.payload_length) = (payload.0, payload.1)
        c.invocation_type = Int32(input.byte() % 4)
        input.withStruct(&c) { _ = try? InvokeRequestCodec.read($0) }
    }
    return 0
}

/// Reads the fuzzer's bytes as the parts of a request.
struct FuzzInput {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int64() -> Int64 {
        var value: Int64 = 0
        for _ in 0..<8 { value = value << 8 | Int64(byte()) }
        return value
    }

    /// NULL, or a NUL-terminated string of up to 32 of the next bytes (any bytes: invalid UTF-8 included).
    mutating func string(_ arena: CArena) -> UnsafePointer<CChar>? {
        let length = Int(byte())
        guard length != 255 else { return nil }
        var characters: [CChar] = []
        for _ in 0..<(length % 33) {
            let next = byte()
            characters.append(CChar(bitPattern: next == 0 ? 1 : next))
        }
        characters.append(0)
        return arena.array(characters).map { UnsafePointer($0) }
    }

    /// Up to 4 pairs, possibly with NULL keys or values.
    mutating func pairs(_ arena: CArena) -> (UnsafePointer<ck_pair>?, Int) {
        let count = Int(byte() % 5)
        let list = (0..<count).map { _ in ck_pair(key: string(arena), value: string(arena)) }
        return (arena.array(list).map { UnsafePointer($0) }, list.count)
    }

    /// Pointer and length of up to 64 bytes (NULL with a length, sometimes).
    mutating func bytes(_ arena: CArena) -> (UnsafePointer<UInt8>?, Int) {
        let length = Int(byte() % 65)
        let values = (0..<length).map { _ in byte() }
        if byte() % 16 == 0 { return (nil, length) }
        return (arena.array(values).map { UnsafePointer($0) }, values.count)
    }

    /// Calls `body` with the struct at a fuzzer-chosen `struct_size`
    /// (smaller, equal or larger than known) followed by a fuzzer-chosen tail.
    mutating func withStruct<T>(_ value: inout T, _ body: (UnsafePointer<T>) -> Void) {
        let known = MemoryLayout<T>.size
        let size = max(0, known - 24 + Int(byte() % 64))
        let tail = (0..<max(0, size - known)).map { _ in byte() % 4 == 0 ? byte() : 0 }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, known) + 8, alignment: MemoryLayout<T>.alignment)
        defer { buffer.deallocate() }
        withUnsafeBytes(of: &value) { if let base = $0.baseAddress { buffer.copyMemory(from: base, byteCount: known) } }
        buffer.storeBytes(of: size, as: Int.self)
        for (index, value) in tail.enumerated() { buffer.storeBytes(of: value, toByteOffset: known + index, as: UInt8.self) }
        body(buffer.assumingMemoryBound(to: T.self))
    }
}
