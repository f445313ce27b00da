import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Testing

/// The growth rules (header rule 2a–c) on the one reader both sides use.
@Suite("ABIStruct reader")
struct ABIStructTests {
    /// A request inside a larger buffer so that struct_size may exceed sizeof.
    struct Padded {
        var request = ck_list_objects_request()
        var tail: (UInt64, UInt64) = (0, 0)
    }

    func read(_ padded: inout Padded) throws(CloudError) -> ck_list_objects_request {
        let pointer = withUnsafeMutablePointer(to: &padded) { UnsafeMutableRawPointer($0).assumingMemoryBound(to: ck_list_objects_request.self) }
        return try ABIStruct.read(UnsafePointer(pointer), "list_objects request")
    }

    @Test("a 1.0-sized struct reads with the later members at their zero default, even over garbage")
    func shortStruct() throws {
        var padded = Padded()
        padded.request.struct_size = ck_list_objects_request.firstSize
        padded.request.max_keys = 7
        padded.request.option_count = 99  // past the given size: must read as 0
        let copy = try read(&padded)
        #expect(copy.max_keys == 7)
        #expect(copy.option_count == 0)
        #expect(copy.options == nil)
    }

    @Test("a larger struct with a zero tail reads; a non-zero byte there is unsupported naming the struct and offset")
    func unknownTail() throws {
        var padded = Padded()
        padded.request.struct_size = MemoryLayout<ck_list_objects_request>.size + 16
        #expect(try read(&padded).struct_size == MemoryLayout<ck_list_objects_request>.size + 16)
        padded.tail.1 = 1
        let error = #expect(throws: CloudError.self) { try read(&padded) }
        #expect(error?.kind == .unsupported)
        #expect(error?.message.contains("ck_list_objects_request") == true)
        #expect(error?.message.contains("offset \(MemoryLayout<ck_list_objects_request>.size + 8)") == true)
    }

    @Test("below the 1.0 size, NULL, or an implausible size is invalid argument")
    func invalidSizes() {
        var padded = Padded()
        padded.request.struct_size = ck_list_objects_request.firstSize - 1
        #expect(throws: CloudError.self) { try read(&padded) }
        padded.request.struct_size = 1 << 20
        #expect(throws: CloudError.self) { try read(&padded) }
        let none: UnsafePointer<ck_list_objects_request>? = nil
        let error = #expect(throws: CloudError.self) { try ABIStruct.read(none, "request") }
        #expect(error?.kind == .invalidArgument)
    }

    @Test("results and tables are written at the reader's minor")
    func sizesForMinor() {
        #expect(ck_provider.size(forMinor: 0) == MemoryLayout<ck_provider>.offset(of: \.identity))
        #expect(ck_provider.size(forMinor: 2) == MemoryLayout<ck_provider>.offset(of: \.capabilities))
        #expect(ck_provider.size(forMinor: 3) == MemoryLayout<ck_provider>.offset(of: \.set_client_log))
        #expect(ck_provider.size(forMinor: 4) == MemoryLayout<ck_provider>.offset(of: \.set_client_log))
        #expect(ck_provider.size(forMinor: 5) == MemoryLayout<ck_provider>.offset(of: \.lend))
        #expect(ck_provider.size(forMinor: 6) == MemoryLayout<ck_provider>.offset(of: \.lend))
        #expect(ck_provider.size(forMinor: 7) == MemoryLayout<ck_provider>.size)
        #expect(ck_get_object_request.size(forMinor: 5) == MemoryLayout<ck_get_object_request>.offset(of: \.reserve))
        #expect(ck_get_object_request.size(forMinor: 6) == MemoryLayout<ck_get_object_request>.size)
        #expect(ck_object_info.size(forMinor: 2) == MemoryLayout<ck_object_info>.offset(of: \.properties))
        #expect(ck_storage_v1.size(forMinor: 1) == MemoryLayout<ck_storage_v1>.offset(of: \.list_buckets))
    }

    @Test("every struct's size ends at its last member, so CK_HAS_MEMBER never says yes to padding")
    func noTailPadding() {
        func check<T: ABIStructType>(_ type: T.Type) {
            #expect(T.sizes.last?.size == MemoryLayout<T>.size, "\(T.abiName) has tail padding or a stale size history")
        }
        check(ck_host.self); check(ck_provider.self); check(ck_status.self); check(ck_list_request.self); check(ck_resource.self)
        check(ck_object_info.self); check(ck_put_object_request.self); check(ck_get_object_request.self)
        check(ck_list_objects_request.self); check(ck_copy_object_request.self); check(ck_presign_request.self)
        check(ck_storage_v1.self); check(ck_kv_v1.self); check(ck_kv_get_request.self); check(ck_kv_query_request.self)
        check(ck_queue_v1.self); check(ck_queue_spec.self); check(ck_receive_request.self); check(ck_send_request.self)
        check(ck_pubsub_v1.self); check(ck_topic_spec.self); check(ck_publish_request.self); check(ck_subscribe_request.self)
        check(ck_functions_v1.self); check(ck_invoke_request.self); check(ck_message.self)
    }
}
