import AWSHTTP
import CloudKitModel
import Foundation

/// A service speaking the AWS JSON 1.0 protocol (DynamoDB, SQS): every
/// operation is a signed `POST /` with `X-Amz-Target: <prefix>.<Operation>`
/// and a JSON body; errors come back as `{"__type": ..., "message": ...}`.
struct AWSJSONService: Sendable {
    let sender: AWSServiceSender
    let targetPrefix: String

    init(sender: AWSServiceSender, targetPrefix: String) {
        self.sender = sender
        self.targetPrefix = targetPrefix
    }

    /// Calls `operation` with `body` and returns the parsed reply. A call that
    /// is not `idempotent` is sent again only when it surely never ran; one
    /// whose reply reports failures (batches) says `failuresInReply`, so that
    /// reply is redacted as an error reply is; `serverWait` is a long poll's
    /// wait (see `AWSServiceSender.send`).
    func call(
        _ operation: String, _ body: JSONValue, idempotent: Bool = true, failuresInReply: Bool = false, serverWait: Double = 0,
        mapError: @escaping @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> JSONValue {
        let response = try await sender.post(operation, payload: Data(body.text.utf8), headers: [
            HTTPHeader("Content-Type", "application/x-amz-json-1.0"), HTTPHeader("X-Amz-Target", "\(targetPrefix).\(operation)"),
        ], idempotent: idempotent, failuresInReply: failuresInReply, serverWait: serverWait, mapError: mapError)
        guard !response.body.isEmpty else { return .object([:]) }
        guard let text = String(data: response.body, encoding: .utf8) else {
            throw .internal("\(sender.name) \(operation) replied with a body that is not UTF-8")
        }
        do throws(CloudError) {
            return try JSONValue.parse(text, what: "the \(sender.name) reply")
        } catch {
            throw .internal(error.message)
        }
    }
}
