import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation
import Testing

/// The storage codecs: what the host writes, the provider reads back the same.
@Suite("Storage codecs")
struct StorageCodecTests {
    @Test("a put request round-trips its condition, options and metadata (keys lower-cased)")
    func putRoundTrip() throws {
        let arena = CArena()
        let callbacks = HostBodyCallbacks()
        let request = PutObjectRequest(
            bucket: "b", key: "k", body: .bytes(Data("x".utf8)), contentType: "text/plain", metadata: ["Owner": "ann"],
            condition: .ifMatch("\"abc\""), options: ["cache_control": "no-cache"])
        var c = PutObjectRequestCodec.write(request, arena, callbacks)
        let read = try PutObjectRequestCodec.read(&c)
        #expect(read.condition == .ifMatch("\"abc\""))
        #expect(read.options == ["cache_control": "no-cache"])
        #expect(read.metadata == ["owner": "ann"])
        #expect(read.contentType == "text/plain")
    }

    @Test("a stream of unknown length travels as CK_CONTENT_LENGTH_UNKNOWN and reads back as length nil; other negatives are refused")
    func unknownLength() throws {
        let arena = CArena()
        let reader = BodyReader { _ in 0 }
        var c = PutObjectRequestCodec.write(PutObjectRequest(bucket: "b", key: "k", body: .stream(length: nil, reader: reader)), arena, HostBodyCallbacks())
        #expect(c.content_length == -1 && c.read != nil)
        guard case .stream(let length, _) = try PutObjectRequestCodec.read(&c).body else {
            Issue.record("not a stream")
            return
        }
        #expect(length == nil)
        c.content_length = 42
        guard case .stream(let known, _) = try PutObjectRequestCodec.read(&c).body else { return }
        #expect(known == 42)
        c.content_length = -2
        let refused = #expect(throws: CloudError.self) { try PutObjectRequestCodec.read(&c) }
        #expect(refused?.kind == .invalidArgument)
        // A value, not a member: the request keeps its 1.3 size, and only a 1.4 provider is sent it.
        #expect(ck_put_object_request.size(forMinor: 4) == ck_put_object_request.size(forMinor: 3))
        #expect(!ABIAgreement.acceptsUnknownLength(providerMinor: 3) && ABIAgreement.acceptsUnknownLength(providerMinor: 4))
    }

    @Test("if-absent travels as if_none_match *; another value or both conditions are refused")
    func putConditions() throws {
        let arena = CArena()
        var c = PutObjectRequestCodec.write(
            PutObjectRequest(bucket: "b", key: "k", body: .bytes(Data()), condition: .ifAbsent), arena, HostBodyCallbacks())
        #expect(try PutObjectRequestCodec.read(&c).condition == .ifAbsent)
        (c.options, c.option_count) = arena.pairs(["if_none_match": "\"etag\""])
        #expect(throws: CloudError.self) { try PutObjectRequestCodec.read(&c) }
        (c.options, c.option_count) = arena.pairs(["if_none_match": "*", "if_match": "\"e\""])
        #expect(throws: CloudError.self) { try PutObjectRequestCodec.read(&c) }
    }

    @Test("object info is cut to the reader's minor: a 1.2 host gets no properties")
    func objectInfoMinor() throws {
        let arena = CArena()
        let info = ObjectInfo(bucket: "b", key: "k", size: 3, etag: "\"e\"", properties: ["cache_control": "no-cache"])
        #expect(try ObjectInfoCodec.read(ObjectInfoCodec.write(info, arena, minor: 3)).properties == ["cache_control": "no-cache"])
        let old = ObjectInfoCodec.write(info, arena, minor: 2)
        #expect(old.pointee.struct_size == MemoryLayout<ck_object_info>.offset(of: \.properties))
        #expect(try ObjectInfoCodec.read(old).properties.isEmpty)
    }

    @Test("a read callback that returns more than the buffer is the host's bug; -1 cancels")
    func readCallbackContract() {
        let tooMuch: ck_read_fn = { _, _, capacity in Int64(capacity) + 1 }
        var buffer = [UInt8](repeating: 0, count: 8)
        let error = buffer.withUnsafeMutableBytes { bytes in
            #expect(throws: CloudError.self) { try ProviderBodyCallbacks.reader(tooMuch, nil).read(bytes) }
        }
        #expect(error?.kind == .invalidArgument)
        let abort: ck_read_fn = { _, _, _ in -1 }
        let cancelled = buffer.withUnsafeMutableBytes { bytes in
            #expect(throws: CloudError.self) { try ProviderBodyCallbacks.reader(abort, nil).read(bytes) }
        }
        #expect(cancelled?.kind == .cancelled)
    }

    @Test("options: accepted pass, cloudkit's own keys the provider lacks are unsupported, others invalid")
    func optionCheck() throws {
        try ABIOptions.check(["tags"], operation: "put_object", accepted: ["tags"], defined: ["tags", "storage_class"], provider: "p")
        let unsupported = #expect(throws: CloudError.self) {
            try ABIOptions.check(["storage_class"], operation: "put_object", accepted: ["tags"], defined: ["tags", "storage_class"], provider: "p")
        }
        #expect(unsupported?.kind == .unsupported)
        #expect(unsupported?.message.contains("storage_class") == true)
        let unknown = #expect(throws: CloudError.self) {
            try ABIOptions.check(["colour"], operation: "put_object", accepted: ["tags"], defined: ["tags"], provider: "p")
        }
        #expect(unknown?.kind == .invalidArgument)
        #expect(unknown?.message.contains("colour") == true)
    }

    @Test("a status round-trips; an unknown kind reads as internal with the code kept")
    func statusCodec() throws {
        let arena = CArena()
        let error = CloudError(.notFound, "no such key", code: "NoSuchKey", httpStatus: 404, requestID: "r1")
        #expect(ABIStatus.error(ABIStatus.failure(error, arena)) == error)
        #expect(ABIStatus.error(ABIStatus.ok(arena)) == nil)
        let strange = ABIStatus.failure(CloudError(.throttled, "slow", code: "Future"), arena)
        strange.pointee.kind = 99
        let read = try #require(ABIStatus.error(strange))
        #expect(read.kind == .internal)
        #expect(read.code == "Future")
    }

    @Test("a capabilities document round-trips through its JSON")
    func capabilitiesJSON() throws {
        let capabilities = ProviderCapabilities(provider: "p", abi: "1.3", services: [
            "storage": ServiceCapabilities(
                operations: ["put_object": OperationCapabilities(options: ["tags", "cache_control"])],
                limits: ["max_object_size": .number(5), "fifo": .flag(true), "presign_methods": .names(["GET"])]),
        ])
        let text = capabilities.json.text
        #expect(try ProviderCapabilities(json: try JSONValue.parse(text)) == capabilities)
        #expect(capabilities.options(service: "storage", operation: "put_object") == ["tags", "cache_control"])
    }

    @Test("a read into memory lends the host's memory (1.6) only when asked: the provider's BodyMemory reserves through the host's callbacks")
    func lentMemoryRoundTrip() throws {
        let arena = CArena()
        let callbacks = HostBodyCallbacks()
        let request = GetObjectRequest(bucket: "b", key: "k")
        let plain = GetObjectRequestCodec.write(request, arena, callbacks)
        #expect(plain.reserve == nil)
        #expect(withUnsafePointer(to: plain) { GetObjectRequestCodec.lentMemory($0) } == nil)

        let lending = GetObjectRequestCodec.write(request, arena, callbacks, lendMemory: true)
        let memory = try #require(withUnsafePointer(to: lending) { GetObjectRequestCodec.lentMemory($0) })
        let read = try withUnsafePointer(to: lending) { try GetObjectRequestCodec.read($0, memory: memory) }
        #expect(read.memory === memory)
        let bytes = (0..<64).map { UInt8($0) }  // more than the 14 bytes `Data` keeps inline
        let pointer = try memory.reserve(bytes.count)
        try memory.withBytes { $0.copyBytes(from: bytes) }
        let body = callbacks.body(pointer.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        #expect(body == Data(bytes))
        #expect(body.withUnsafeBytes { $0.baseAddress } == UnsafeRawPointer(pointer))

        // Only for memory: a read to a file lends nothing, even when asked.
        let toFile = GetObjectRequestCodec.write(GetObjectRequest(bucket: "b", key: "k", sink: .file(path: "/tmp/x")), arena, callbacks, lendMemory: true)
        #expect(toFile.reserve == nil)
    }
}
