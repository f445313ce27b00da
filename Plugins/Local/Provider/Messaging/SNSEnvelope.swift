import CloudKitModel
import Foundation

/// The JSON envelope SNS wraps a message in for a subscription without raw
/// delivery: `Type`, `MessageId`, `TopicArn`, `Subject`, `Message`,
/// `Timestamp`, `SignatureVersion`, `MessageAttributes`.
enum SNSEnvelope {
    static func text(messageID: String, topicARN: String, subject: String?, message: String, attributes: MessageAttributes, at date: Date) -> String {
        var object: [String: JSONValue] = [
            "Type": .string("Notification"), "MessageId": .string(messageID), "TopicArn": .string(topicARN), "Message": .string(message),
            "Timestamp": .string(ISO8601Date.format(date, milliseconds: true)), "SignatureVersion": .string("1"),
        ]
        if let subject { object["Subject"] = .string(subject) }
        if !attributes.isEmpty {
            object["MessageAttributes"] = .object(attributes.mapValues { value in
                switch value {
                case .string(let text), .number(let text): .object(["Type": .string(value.dataType), "Value": .string(text)])
                case .binary(let data): .object(["Type": .string("Binary"), "Value": .string(data.base64EncodedString())])
                }
            })
        }
        return JSONValue.object(object).text
    }
}
