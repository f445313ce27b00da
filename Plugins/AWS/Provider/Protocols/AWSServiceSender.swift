import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Signs and sends `POST /` requests to one AWS service endpoint under the
/// retry policy: what the JSON and query protocols share.
struct AWSServiceSender: Sendable {
    let name: String
    let endpoint: ServiceEndpoint
    let signer: SigV4Signer
    let transport: CurlTransport
    let credentials: any CredentialProvider
    let retry: RetryPolicy
    let logger: ProviderLogger

    /// `signingName` is the SigV4 service name ("dynamodb", "sqs", "sns", "sts").
    init(
        name: String, signingName: String, endpoint: ServiceEndpoint, configuration: AWSConfiguration, transport: CurlTransport,
        credentials: any CredentialProvider, logger: ProviderLogger
    ) {
        self.name = name
        self.endpoint = endpoint
        self.transport = transport
        self.credentials = credentials
        self.logger = logger
        signer = SigV4Signer(region: configuration.region, service: signingName)
        retry = RetryPolicy(maxAttempts: configuration.maxAttempts)
    }

    /// Posts `payload` with `headers`, re-signing each attempt. Retryable
    /// failures (throttling, 5xx, network) are retried as the AWS SDKs do for
    /// these protocols; a non-2xx reply becomes a `CloudError` via `mapError`.
    func post(
        _ operation: String, payload: Data, headers: [HTTPHeader],
        mapError: @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> HTTPResponse {
        let path = endpoint.path("/")
        return try await retry.run(idempotent: true, replayable: true) { attempt throws(CloudError) -> HTTPResponse in
            let credentials = try await self.credentials.resolve()
            let signed = signer.sign(
                SignableRequest(method: "POST", path: path, query: [], headers: [HTTPHeader("Host", endpoint.host)] + headers),
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
    }
}
