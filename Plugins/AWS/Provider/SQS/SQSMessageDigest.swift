import AWSAuth
import CloudKitModel
import Foundation

/// The MD5 checks the AWS SDKs make on SQS messages. SQS reports the MD5 of
/// each body (`MD5OfMessageBody` when sending, `MD5OfBody` when receiving)
/// and of the message attributes (`MD5OfMessageAttributes`); a reported
/// digest that differs from the one computed here — or is missing — means
/// the message was damaged on the way: `internal`, code `MD5Mismatch`.
enum SQSMessageDigest {
    /// The hex MD5 of a body's UTF-8 bytes.
    static func body(_ text: String) -> String {
        Digest.hex(Digest.md5(Data(text.utf8)))
    }

    /// The hex MD5 of message attributes in their wire form (name →
    /// `{DataType, StringValue | BinaryValue (base64)}`), encoded as SQS
    /// documents it: by name in byte order, each as the length-prefixed
    /// name, the length-prefixed data type, a transport byte (1 for a string
    /// value, 2 for a binary one) and the length-prefixed value, every
    /// length 4 bytes big-endian.
    static func attributes(_ wire: [String: JSONValue]) -> String {
        var bytes: [UInt8] = []
        func append(_ field: some Collection<UInt8>) {
            let count = UInt32(field.count)
            bytes += [UInt8(count >> 24), UInt8((count >> 16) & 0xFF), UInt8((count >> 8) & 0xFF), UInt8(count & 0xFF)]
            bytes += field
        }
        for name in wire.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let value = wire[name]
            append(name.utf8)
            append((value?["DataType"]?.stringValue ?? "").utf8)
            if let text = value?["StringValue"]?.stringValue {
                bytes.append(1)
                append(text.utf8)
            } else if let base64 = value?["BinaryValue"]?.stringValue {
                bytes.append(2)
                append(Data(base64Encoded: base64) ?? Data())
            }
        }
        return Digest.hex(Digest.md5(bytes))
    }

    /// Checks what SQS reported for a sent message (the `SendMessage` reply
    /// or a batch's successful entry) against `entry`, the JSON that was sent:
    /// the body always, the attributes when there were any.
    static func checkSent(_ entry: [String: JSONValue], reply: JSONValue) throws(CloudError) {
        try check(reply["MD5OfMessageBody"], expected: body(entry["MessageBody"]?.stringValue ?? ""), of: "the message body")
        if let sent = entry["MessageAttributes"]?.objectValue, !sent.isEmpty {
            try check(reply["MD5OfMessageAttributes"], expected: attributes(sent), of: "the message attributes")
        }
    }

    /// Checks a received message's `MD5OfBody` and, when it carries
    /// attributes, its `MD5OfMessageAttributes`.
    static func checkReceived(_ message: JSONValue) throws(CloudError) {
        let id = message["MessageId"]?.stringValue ?? "?"
        try check(message["MD5OfBody"], expected: body(message["Body"]?.stringValue ?? ""), of: "the body of message \(id)")
        if let received = message["MessageAttributes"]?.objectValue, !received.isEmpty {
            try check(message["MD5OfMessageAttributes"], expected: attributes(received), of: "the attributes of message \(id)")
        }
    }

    /// Throws `MD5Mismatch` unless `reported` is `expected`. A reported value
    /// is named only when it looks like an MD5, so no other reply text reaches the message.
    static func check(_ reported: JSONValue?, expected: String, of what: String) throws(CloudError) {
        let value = reported?.stringValue?.lowercased()
        guard value != expected else { return }
        let shown = value.map { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0 : "that is not an MD5" } ?? "nothing"
        throw CloudError(
            .internal, "SQS reported \(shown) as the MD5 of \(what), which is \(expected): it was damaged on the way", code: "MD5Mismatch")
    }
}
