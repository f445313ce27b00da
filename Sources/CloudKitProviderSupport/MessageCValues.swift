import CCloudKitABI
import CloudKitABI
import CloudKitModel
import Foundation

/// Message attributes, batch results and received messages between C and Swift.
enum MessageCValues {
    /// Reads `ck_attribute` pointers into attributes; a bad entry is `invalid argument` naming it.
    static func attributes(_ list: UnsafePointer<UnsafePointer<ck_attribute>?>?, _ count: Int, _ field: String) throws(CloudError) -> MessageAttributes {
        guard count > 0 else { return [:] }
        guard let list else { throw .invalidArgument("\(field) is NULL but its count is \(count)") }
        var result: MessageAttributes = [:]
        for index in 0..<count {
            let c = try ABIStruct.read(list[index], "\(field)[\(index)]")
            let name = try ABIInput.string(c.name, "\(field)[\(index)].name")
            let type = try ABIInput.string(c.type, "\(field)[\(index)].type")
            let text = try ABIInput.optionalString(c.string_value, "\(field)[\(index)].string_value")
            let bytes = c.binary_value == nil && c.binary_length == 0 ? nil
                : Data(try ABIInput.bytes(c.binary_value, c.binary_length, "\(field)[\(index)].binary_value"))
            guard result.updateValue(try MessageAttributeValue.make(type: type, text: text, bytes: bytes), forKey: name) == nil else {
                throw .invalidArgument("\(field) names '\(name)' twice")
            }
        }
        return result
    }

    /// UTF-8 text from pointer + length (message bodies).
    static func text(_ pointer: UnsafePointer<UInt8>?, _ length: Int, _ field: String) throws(CloudError) -> String {
        let bytes = try ABIInput.bytes(pointer, length, field)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidArgument("\(field) is not valid UTF-8") }
        return text
    }

    /// An optional "seconds" field where -1 means "the default".
    static func seconds(_ value: Int32, _ field: String) throws(CloudError) -> Int? {
        if value == -1 { return nil }
        guard value >= 0 else { throw .invalidArgument("\(field) must be -1 (default) or at least 0") }
        return Int(value)
    }

    /// Calls `callback` with one `ck_batch_entry` per result.
    static func deliverBatch(
        _ callback: ck_batch_fn?, _ userData: UnsafeMutableRawPointer?, _ result: Result<[BatchEntryResult], CloudError>
    ) {
        let arena = CArena()
        let entries: [UnsafePointer<ck_batch_entry>?] = ((try? result.get()) ?? []).map { entry in
            let status: UnsafeMutablePointer<ck_status> = entry.error.map { ABIStatus.failure($0, arena) } ?? ABIStatus.ok(arena)
            return UnsafePointer(arena.value(ck_batch_entry(
                struct_size: MemoryLayout<ck_batch_entry>.size, index: entry.index, status: UnsafePointer(status),
                message_id: arena.string(entry.messageID))))
        }
        callback?(userData, ABIStatus.of(result, arena), UnsafePointer(arena.array(entries)), entries.count)
    }

    static func deliverSent(_ callback: ck_sent_fn?, _ userData: UnsafeMutableRawPointer?, _ result: Result<SentMessage, CloudError>) {
        let arena = CArena()
        let sent = try? result.get()
        callback?(userData, ABIStatus.of(result, arena), arena.string(sent?.messageID), arena.string(sent?.sequenceNumber))
    }

    static func message(_ message: ReceivedMessage, _ arena: CArena) -> UnsafePointer<ck_message>? {
        let (attributes, count) = arena.attributes(message.attributes)
        let body = Array(message.body.utf8)
        return UnsafePointer(arena.value(ck_message(
            struct_size: MemoryLayout<ck_message>.size, message_id: arena.string(message.messageID),
            body: UnsafePointer(arena.array(body)), body_length: body.count, receipt_handle: arena.string(message.receiptHandle),
            receive_count: Int32(clamping: message.receiveCount), attributes: attributes, attribute_count: count,
            group_id: arena.string(message.groupID),
            sent_ms: message.sentAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0)))
    }
}
