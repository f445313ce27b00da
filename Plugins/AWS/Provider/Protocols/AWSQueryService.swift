import AWSAuth
import AWSHTTP
import CloudKitModel
import Foundation

/// A service speaking the AWS query protocol (SNS, STS): every operation is a
/// signed `POST /` of form parameters (`Action`, `Version`, …) answered with XML.
struct AWSQueryService: Sendable {
    let sender: AWSServiceSender
    let version: String

    init(sender: AWSServiceSender, version: String) {
        self.sender = sender
        self.version = version
    }

    /// The form body: every parameter percent-encoded as SigV4 encodes query values.
    static func form(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(URIEncoding.encode($0.0, encodeSlash: true))=\(URIEncoding.encode($0.1, encodeSlash: true))" }
            .joined(separator: "&")
    }

    /// Calls `action` and returns the `<ActionResult>` element (or the root when
    /// absent). A call that is not `idempotent` is sent again only when it
    /// surely never ran; see `AWSJSONService.call` for `failuresInReply`.
    func call(
        _ action: String, _ parameters: [(String, String)], idempotent: Bool = true, signing: RequestSigning = .signed, failuresInReply: Bool = false
    ) async throws(CloudError) -> XMLTree {
        let payload = Data(Self.form([("Action", action), ("Version", version)] + parameters).utf8)
        let response = try await sender.post(action, payload: payload, headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], idempotent: idempotent, signing: signing, failuresInReply: failuresInReply)
        let tree = try XMLTree.parse(response.body)
        return tree.child("\(action)Result") ?? tree
    }
}
