import AWSAuth
import AWSHTTP
import CloudKitModel

/// One request to an AWS service as every client describes it to the
/// `AWSRequestPipeline`: what to send, where the reply goes, how it is
/// signed, whether it may be sent again, and how a failed reply becomes an error.
struct AWSRequest: Sendable {
    var method: String
    var target: AWSTarget
    /// Decoded query parameters.
    var query: [QueryItem] = []
    /// Without `Host` (the pipeline adds it from `target`) and without the signature's headers.
    var headers: [HTTPHeader] = []
    var body: BodySource?
    var sink: BodySink = .memory
    var progress: ProgressHandler?
    /// `.transfer` for object bodies and server-side copies; `.call(serverWait:)` for service calls.
    var timeLimit: HTTPTimeLimit = .call()
    /// Checks a 2xx reply before its body is read (a GET's range; see `S3ReplyRange`).
    var replyCheck: ReplyCheck?
    /// Where a 2xx reply's body is written in place (a part of a ranged download; see `ReplyPlacement`).
    var placement: ReplyPlacement?
    var signing: RequestSigning = .signed
    /// Whether running it twice does no harm. One that is not is sent again
    /// only when it surely never ran (`RetryPolicy.shouldRetry`).
    var idempotent = true
    /// A 2xx reply may report failures in its body (batch entries, S3's
    /// errors inside a 200): it is redacted like an error reply (`AWSReply`).
    var failuresInReply = false
    /// Turns a failed (redacted) reply into the error thrown.
    var mapError: @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    /// The operation's name in log lines (`PutItem`); nil names the request
    /// by its method, host and path (S3). Only made into text when logged.
    var operation: String?

    /// What a log line calls the request, after the pipeline's service name.
    var label: String { operation ?? "\(method) \(target.host)\(target.path)" }
}
