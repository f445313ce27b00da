import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport

/// Where the reply to a request meets the rest of the provider, for S3 and
/// for the JSON and query protocols alike (`AWSRequestPipeline`): its log
/// line, and for a failure its error, are made only from text that passed
/// through the request's `Redactor`, so an echoed header never shows a secret.
enum AWSReply {
    /// Logs `response` (as `what`, attempt `attempt`) and returns it, or throws
    /// the error `mapError` makes of it when it is not 2xx. A failed reply
    /// reaches `mapError` redacted; so does a 2xx one when
    /// `failuresInReply` says its body may report failures (batch entries,
    /// S3's errors inside a 200), which callers turn into errors. Other 2xx
    /// bodies are the caller's data and are returned untouched. The
    /// redactor and the log line are made only when needed (a plain 2xx
    /// reply with debug logging off needs neither).
    static func accept(
        _ response: HTTPResponse, redactor makeRedactor: () -> Redactor, failuresInReply: Bool, what: @autoclosure () -> String, attempt: Int,
        logger: ProviderLogger, mapError: (HTTPResponse) -> CloudError
    ) throws(CloudError) -> HTTPResponse {
        var made: Redactor?
        func redactor() -> Redactor {
            if let made { return made }
            let redactor = makeRedactor()
            made = redactor
            return redactor
        }
        let failed = !(200..<300).contains(response.status)
        let reply = failed || failuresInReply ? redactor().redact(response) : response
        logger.debug(redactor().redact(
            "\(what()) → \(response.status) (request id \(AWSErrorMapper.requestID(in: response.headers) ?? "-"), attempt \(attempt))"))
        guard !failed else { throw mapError(reply) }
        return reply
    }
}
