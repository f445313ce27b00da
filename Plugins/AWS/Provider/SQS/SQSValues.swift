import CloudKitModel
import Foundation

/// SQS's JSON forms of message attributes and batch failures.
enum SQSValues {
    static func wire(_ attributes: MessageAttributes) -> JSONValue {
        .object(attributes.mapValues { value in
            switch value {
            case .string(let text): .object(["DataType": .string("String"), "StringValue": .string(text)])
            case .number(let text): .object(["DataType": .string("Number"), "StringValue": .string(text)])
            case .binary(let data): .object(["DataType": .string("Binary"), "BinaryValue": .string(data.base64EncodedString())])
            }
        })
    }

    /// Reads `MessageAttributes` of a received message; unknown shapes are skipped.
    static func attributes(_ json: JSONValue?) -> MessageAttributes {
        var result: MessageAttributes = [:]
        for (name, value) in json?.objectValue ?? [:] {
            guard let type = value["DataType"]?.stringValue else { continue }
            let bytes = value["BinaryValue"]?.stringValue.flatMap { Data(base64Encoded: $0) }
            if let attribute = try? MessageAttributeValue.make(type: type, text: value["StringValue"]?.stringValue, bytes: bytes) {
                result[name] = attribute
            }
        }
        return result
    }

    /// A failed batch entry (`{Id, Code, Message, SenderFault}`) as an error.
    static func entryError(_ json: JSONValue) -> CloudError {
        AWSErrorMapper.entryError(
            code: json["Code"]?.stringValue, message: json["Message"]?.stringValue,
            senderFault: json["SenderFault"] != .bool(false) && json["SenderFault"] != .string("false"))
    }
}
