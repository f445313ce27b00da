import AWSHTTP
import CloudKitModel
import Foundation

/// DynamoDB's error replies: the common mapping, plus which operation of a
/// cancelled transaction failed (`CancellationReasons`) in `detailsJSON`.
enum DynamoDBErrors {
    static func error(from response: HTTPResponse) -> CloudError {
        var error = AWSErrorMapper.error(from: response)
        guard error.code == "TransactionCanceledException" else { return error }
        let text = String(data: response.body, encoding: .utf8) ?? ""
        var reasons: [String] = []
        if let body = try? JSONValue.parse(text), let list = body["CancellationReasons"]?.arrayValue {
            reasons = list.map { $0["Code"]?.stringValue ?? "None" }
        } else if let open = error.message.lastIndex(of: "["), let close = error.message.lastIndex(of: "]"), open < close {
            // Older replies only list the reasons in the message: "... [None, ConditionalCheckFailed]".
            reasons = error.message[error.message.index(after: open)..<close]
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let index = reasons.firstIndex(where: { $0 != "None" && !$0.isEmpty }) {
            let reason = reasons[index]
            error.detailsJSON = JSONValue.object(["index": .number(String(index)), "reason": .string(reason)]).text
            error.message = "the transaction was cancelled: operation \(index) failed (\(reason))"
            if reason == "ThrottlingError" || reason == "TransactionConflict" {
                error.kind = .throttled
                error.retryable = true
            } else if reason == "ValidationError" {
                error.kind = .invalidArgument
            }
        }
        return error
    }
}
