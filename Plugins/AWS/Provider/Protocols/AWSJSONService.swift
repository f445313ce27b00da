import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// A service speaking the AWS JSON 1.0 protocol (DynamoDB, SQS): every
/// operation is a signed `POST /` with `X-Amz-Target: <prefix>.<Operation>`
/// and a JSON body; errors come back as `{"__type": ..., "message": ...}`.
struct AWSJSONService: Sendable {
    let name: String
    let targetPrefix: String
    let endpoint: ServiceEndpoint
    let signer: SigV4Signer
    let transport: CurlTransport
    let credentials: any CredentialProvider
    let retry: RetryPolicy
    let logger: ProviderLogger

    /// `signingName` is the SigV4 service name ("dynamodb", "sqs").
    init(
        name: String, signingName: String, targetPrefix: String, endpoint: ServiceEndpoint, configuration: AWSConfiguration,
        transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger
    ) {
        self.name = name
        self.targetPrefix = targetPrefix
        self.endpoint = endpoint
        self.transport = transport
        self.credentials = credentials
        self.logger = logger
        signer = SigV4Signer(region: configuration.region, service: signingName)
        retry = RetryPolicy(maxAttempts: configuration.maxAttempts)
    }

    /// Calls `operation` with `body` and returns the parsed reply. Retryable
    /// failures (throttling, 5xx, network) are retried like the AWS SDKs do
    /// for these protocols; a non-2xx reply becomes a `CloudError` via `mapError`.
    func call(
        _ operation: String, _ body: JSONValue,
        mapError: @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> JSONValue {
        let payload = Data(body.text.utf8)
        let path = endpoint.path("/")
        let response = try await retry.run(idempotent: true, replayable: true) { attempt throws(CloudError) -> HTTPResponse in
            let credentials = try await self.credentials.resolve()
            let headers = [
                HTTPHeader("Host", endpoint.host),
                HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
                HTTPHeader("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ]
            let signed = signer.sign(
                SignableRequest(method: "POST", path: path, query: [], headers: headers),
                payload: .hash(Digest.sha256Hex(payload)), credentials: credentials, date: Date())
            let request = HTTPRequest(
                method: "POST", url: endpoint.url(path: path),
                headers: signed.request.headers.filter { $0.name != "Host" }, body: .bytes(payload))
            let response = try await transport.send(request, sink: .memory, progress: nil)
            let requestID = response.headers.first(named: "x-amzn-RequestId") ?? "-"
            logger.debug("\(name) \(operation) → \(response.status) (request id \(requestID), attempt \(attempt))")
            guard (200..<300).contains(response.status) else { throw mapError(response) }
            return response
        }
        guard !response.body.isEmpty else { return .object([:]) }
        guard let text = String(data: response.body, encoding: .utf8) else {
            throw .internal("\(name) \(operation) replied with a body that is not UTF-8")
        }
        do throws(CloudError) {
            return try JSONValue.parse(text, what: "the \(name) reply")
        } catch {
            throw .internal(error.message)
        }
    }
}
