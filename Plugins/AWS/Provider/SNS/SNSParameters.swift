import CloudKitModel
import Foundation

/// The query-protocol parameter forms SNS takes: attribute maps and message attributes.
enum SNSParameters {
    /// `<prefix>.entry.N.key` / `.value` pairs.
    static func map(_ prefix: String, _ values: [(String, String)]) -> [(String, String)] {
        values.enumerated().flatMap { offset, pair in
            [("\(prefix).entry.\(offset + 1).key", pair.0), ("\(prefix).entry.\(offset + 1).value", pair.1)]
        }
    }

    /// `<prefix>.entry.N.Name` / `.Value.DataType` / `.Value.StringValue|BinaryValue`.
    static func attributes(_ prefix: String, _ attributes: MessageAttributes) -> [(String, String)] {
        attributes.sorted { $0.key < $1.key }.enumerated().flatMap { offset, pair -> [(String, String)] in
            let base = "\(prefix).entry.\(offset + 1)"
            var result = [("\(base).Name", pair.key), ("\(base).Value.DataType", pair.value.dataType)]
            switch pair.value {
            case .string(let text), .number(let text): result.append(("\(base).Value.StringValue", text))
            case .binary(let data): result.append(("\(base).Value.BinaryValue", data.base64EncodedString()))
            }
            return result
        }
    }

    /// Parameters of one message (publish, or one batch entry under `prefix`).
    static func message(_ request: PublishRequest, prefix: String = "") throws(CloudError) -> [(String, String)] {
        try MessageLimits.validateBody(request.message)
        try MessageLimits.validate(body: request.message.utf8.count, attributes: request.attributes)
        if let subject = request.subject, subject.isEmpty || subject.count > 100 {
            throw .invalidArgument("a subject is 1 to 100 characters")
        }
        var parameters = [("\(prefix)Message", request.message)]
        if let subject = request.subject { parameters.append(("\(prefix)Subject", subject)) }
        if let group = request.groupID {
            try QueueValidation.validateToken(group, "group id")
            parameters.append(("\(prefix)MessageGroupId", group))
        }
        if let deduplication = request.deduplicationID {
            try QueueValidation.validateToken(deduplication, "deduplication id")
            parameters.append(("\(prefix)MessageDeduplicationId", deduplication))
        }
        return parameters + attributes("\(prefix)MessageAttributes", request.attributes)
    }
}
