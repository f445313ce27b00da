import Foundation

/// A typed message attribute, as SQS and SNS carry them. A number keeps
/// its decimal text. Attribute names are 1–256 characters of letters,
/// digits, `_`, `-` and `.`, not starting with `AWS.` or `Amazon.`.
public enum MessageAttributeValue: Sendable, Hashable {
    case string(String)
    case number(String)
    case binary(Data)

    /// The SQS/SNS data type: "String", "Number" or "Binary".
    public var dataType: String {
        switch self {
        case .string: "String"
        case .number: "Number"
        case .binary: "Binary"
        }
    }

    /// Builds a value from its data type ("String", "Number", "Binary", or a
    /// custom subtype such as "String.json") and text or bytes.
    public static func make(type: String, text: String?, bytes: Data?) throws(CloudError) -> MessageAttributeValue {
        let base = type.split(separator: ".", maxSplits: 1).first.map(String.init) ?? type
        switch base {
        case "String":
            guard let text else { throw .invalidArgument("a String attribute needs a string value") }
            return .string(text)
        case "Number":
            guard let text, (try? KVNumber(text)) != nil else { throw .invalidArgument("a Number attribute needs a decimal value") }
            return .number(text)
        case "Binary":
            guard let bytes else { throw .invalidArgument("a Binary attribute needs bytes") }
            return .binary(bytes)
        default:
            throw .invalidArgument("attribute type '\(type)' must be String, Number or Binary")
        }
    }
}

/// Message attributes by name.
public typealias MessageAttributes = [String: MessageAttributeValue]

/// Checks shared by every provider so the same input is refused everywhere.
public enum MessageLimits {
    /// Largest message body or published message, attributes included (SQS and SNS: 256 KiB).
    public static let maximumMessageBytes = 262_144
    /// Most attributes on one message.
    public static let maximumAttributes = 10
    /// Most entries in one SQS/SNS batch request (providers split larger batches).
    public static let batchSize = 10
    /// Longest long-poll wait.
    public static let maximumWaitSeconds = 20
    /// Most messages one receive returns.
    public static let maximumReceive = 10
    /// Longest visibility timeout (12 hours).
    public static let maximumVisibilitySeconds = 43_200
    /// Longest delay (15 minutes).
    public static let maximumDelaySeconds = 900

    /// Validates attribute names, the characters of string and number
    /// values (those a body may hold, as SQS requires), and the total size of
    /// a body plus attributes.
    public static func validate(body: Int, attributes: MessageAttributes) throws(CloudError) {
        guard attributes.count <= maximumAttributes else {
            throw .invalidArgument("a message carries at most \(maximumAttributes) attributes, not \(attributes.count)")
        }
        var size = body
        for (name, value) in attributes {
            try validateAttributeName(name)
            size += name.utf8.count + value.dataType.utf8.count
            switch value {
            case .string(let text), .number(let text):
                if let scalar = forbiddenCharacter(in: text) {
                    throw .invalidArgument("attribute '\(name)' contains \(describe(scalar)), which queues do not carry")
                }
                size += text.utf8.count
            case .binary(let data): size += data.count
            }
        }
        guard size <= maximumMessageBytes else {
            throw .invalidArgument("the message is \(size) bytes with its attributes; at most \(maximumMessageBytes) are allowed")
        }
    }

    /// SQS accepts only these characters in a body: tab, newline, carriage
    /// return, and U+0020 upwards except the surrogates and U+FFFE/U+FFFF.
    public static func validateBody(_ body: String) throws(CloudError) {
        if let scalar = forbiddenCharacter(in: body) {
            throw .invalidArgument("the message contains \(describe(scalar)), which queues do not carry")
        }
    }

    /// The first character of `text` that SQS does not accept in a body or
    /// an attribute value (see `validateBody`), or nil.
    static func forbiddenCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { scalar in
            let value = scalar.value
            return !(value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || value >= 0x10000)
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String { "U+\(String(scalar.value, radix: 16, uppercase: true))" }

    public static func validateAttributeName(_ name: String) throws(CloudError) {
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".")
        }
        guard (1...256).contains(name.utf8.count), allowed, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains(".."),
              !name.lowercased().hasPrefix("aws."), !name.lowercased().hasPrefix("amazon.")
        else { throw .invalidArgument("attribute name '\(name)' is not allowed (letters, digits, '_', '-', '.'; not AWS./Amazon.)") }
    }

    /// A queue or topic name: 1–80 characters of letters, digits, `-` and `_`,
    /// with `.fifo` at the end exactly when `fifo`.
    public static func validateName(_ name: String, fifo: Bool, _ what: String) throws(CloudError) {
        let base = name.hasSuffix(".fifo") ? String(name.dropLast(5)) : name
        guard (1...80).contains(name.utf8.count), !base.isEmpty,
              base.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { throw .invalidArgument("\(what) name '\(name)' must be 1-80 letters, digits, '-' or '_'") }
        guard fifo == name.hasSuffix(".fifo") else {
            throw .invalidArgument(fifo ? "a FIFO \(what) name must end in .fifo" : "only a FIFO \(what) name may end in .fifo")
        }
    }
}
