import CloudKitModel
import Foundation

/// Message attributes as the JSON text stored with a message:
/// `{"name": {"t": "Number", "v": "12"}}`, binary values in base64.
enum StoredAttributes {
    static func text(_ attributes: MessageAttributes) -> String {
        JSONValue.object(attributes.mapValues { value in
            switch value {
            case .string(let text), .number(let text): .object(["t": .string(value.dataType), "v": .string(text)])
            case .binary(let data): .object(["t": .string("Binary"), "v": .string(data.base64EncodedString())])
            }
        }).text
    }

    static func attributes(_ text: String) throws(CloudError) -> MessageAttributes {
        guard case .object(let members)? = try? JSONValue.parse(text) else { throw .internal("a stored message's attributes cannot be read") }
        var result: MessageAttributes = [:]
        for (name, value) in members {
            guard let type = value["t"]?.stringValue, let text = value["v"]?.stringValue else { continue }
            result[name] = try MessageAttributeValue.make(type: type, text: text, bytes: type == "Binary" ? Data(base64Encoded: text) : nil)
        }
        return result
    }
}
