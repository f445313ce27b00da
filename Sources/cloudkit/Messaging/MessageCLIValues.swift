import ArgumentParser
import CloudKit
import Foundation

/// Message attributes and messages on the command line.
enum MessageCLIValues {
    /// `NAME=VALUE` (a String), `NAME:Number=VALUE` or `NAME:Binary=BASE64`.
    static func attributes(_ options: [String]) throws -> MessageAttributes {
        var result: MessageAttributes = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--attr takes NAME=VALUE or NAME:TYPE=VALUE, not '\(option)'")
            }
            let head = String(option[..<equals])
            let value = String(option[option.index(after: equals)...])
            let parts = head.split(separator: ":", maxSplits: 1).map(String.init)
            let name = parts[0]
            let type = parts.count == 2 ? parts[1] : "String"
            let bytes = type.hasPrefix("Binary") ? Data(base64Encoded: value) : nil
            if type.hasPrefix("Binary") && bytes == nil { throw ValidationError("--attr \(name): a Binary value is base64") }
            guard result.updateValue(try MessageAttributeValue.make(type: type, text: value, bytes: bytes), forKey: name) == nil else {
                throw ValidationError("--attr names '\(name)' twice")
            }
        }
        return result
    }

    /// `{"name": {"type": "String", "value": "v"}}`; binary values in base64.
    static func json(_ attributes: MessageAttributes) -> JSONValue {
        .object(attributes.mapValues { value in
            switch value {
            case .string(let text), .number(let text): .object(["type": .string(value.dataType), "value": .string(text)])
            case .binary(let data): .object(["type": .string("Binary"), "value": .string(data.base64EncodedString())])
            }
        })
    }

    static func json(_ message: ReceivedMessage) -> JSONValue {
        var object: [String: JSONValue] = [
            "messageId": .string(message.messageID), "body": .string(message.body), "receiptHandle": .string(message.receiptHandle),
            "receiveCount": .number(String(message.receiveCount)), "attributes": json(message.attributes),
        ]
        if let group = message.groupID { object["groupId"] = .string(group) }
        if let sent = message.sentAt { object["sentAt"] = .string(Terminal.iso8601(sent) ?? "") }
        return .object(object)
    }

    /// A body argument, or standard input for "-".
    static func text(_ argument: String) throws -> String {
        guard argument == "-" else { return argument }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw ValidationError("standard input is not UTF-8 text") }
        return text
    }

    /// Prints what a send or publish returned: the message id, and the sequence number for FIFO.
    static func print(_ sent: SentMessage) {
        Swift.print(sent.sequenceNumber.map { "\(sent.messageID)\t\($0)" } ?? sent.messageID)
    }
}
