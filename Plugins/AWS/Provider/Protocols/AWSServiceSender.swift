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

    /// Posts `payload` to `/` with `headers` (the JSON and query protocols);
    /// `signing: .unsigned` sends it without credentials (STS
    /// `AssumeRoleWithWebIdentity`); see `send` for `idempotent` and `failuresInReply`.
    func post(
        _ operation: String, payload: Data, headers: [HTTPHeader], idempotent: Bool = true, signing: RequestSigning = .signed,
        failuresInReply: Bool = false, serverWait: Double = 0,
        mapError: @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> HTTPResponse {
        try await send(
            operation, method: "POST", path: "/", payload: payload, headers: headers, idempotent: idempotent, signing: signing,
            failuresInReply: failuresInReply, serverWait: serverWait, mapError: mapError)
    }

    /// Sends one request to `path` (decoded, below the endpoint's own path),
    /// re-signing each attempt. Retryable failures (throttling, 5xx, network)
    /// are retried as the AWS SDKs do; a request that is not `idempotent` is
    /// retried only when the service surely did not run it (throttled,
    /// connection refused). A non-2xx reply becomes a `CloudError` via
    /// `mapError`, its text redacted; `failuresInReply` says a 2xx reply may
    /// report failures (batch entries) and is redacted too (`AWSReply`).
    /// `serverWait` is how long the service may rightly take before it answers
    /// (a long poll, a function's run), added to the request timeout and the
    /// stall limit; the reply, read into memory, is capped by `max_reply_bytes`.
    func send(
        _ operation: String, method: String, path: String, query: [QueryItem] = [], payload: Data, headers: [HTTPHeader],
        idempotent: Bool = true, signing: RequestSigning = .signed, failuresInReply: Bool = false, serverWait: Double = 0,
        mapError: @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> HTTPResponse {
        let fullPath = endpoint.path(path)
        return try await retry.run(idempotent: idempotent, replayable: true) { attempt throws(CloudError) -> HTTPResponse in
            var wireHeaders = headers
            var redactor = signing.unsignedRedactor
            if case .signed = signing {
                let credentials = try await self.credentials.resolve()
                let signedRequest = signer.sign(
                    SignableRequest(method: method, path: fullPath, query: query, headers: [HTTPHeader("Host", endpoint.host)] + headers),
                    payload: .hash(Digest.sha256Hex(payload)), credentials: credentials, date: Date())
                wireHeaders = signedRequest.request.headers.filter { $0.name != "Host" }
                redactor = Redactor(credentials: credentials, signature: signedRequest.signature)
            }
            let request = HTTPRequest(
                method: method, url: endpoint.url(path: fullPath, query: query),
                headers: wireHeaders, body: payload.isEmpty && method == "GET" ? nil : .bytes(payload), timeLimit: .call(serverWait: serverWait))
            let response = try await transport.send(request, sink: .memory, progress: nil)
            return try AWSReply.accept(
                response, redactor: redactor, failuresInReply: failuresInReply, what: "\(name) \(operation)", attempt: attempt, logger: logger,
                mapError: mapError)
        }
    }
}
