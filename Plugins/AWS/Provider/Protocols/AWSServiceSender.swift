import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The requests of one service at one endpoint (DynamoDB, SQS, SNS, STS,
/// Lambda), described for the `AWSRequestPipeline`, which signs and sends them.
struct AWSServiceSender: Sendable {
    let endpoint: ServiceEndpoint
    let pipeline: AWSRequestPipeline

    /// The service's name in messages ("DynamoDB").
    var name: String { pipeline.name }

    /// `signingName` is the SigV4 service name ("dynamodb", "sqs", "sns", "sts").
    init(
        name: String, signingName: String, endpoint: ServiceEndpoint, configuration: AWSConfiguration, transport: CurlTransport,
        credentials: any CredentialProvider, logger: ProviderLogger
    ) {
        self.endpoint = endpoint
        pipeline = AWSRequestPipeline(
            name: name, signer: SigV4Signer(region: configuration.region, service: signingName), configuration: configuration,
            transport: transport, credentials: credentials, logger: logger)
    }

    /// Posts `payload` to `/` with `headers` (the JSON and query protocols);
    /// `signing: .unsigned` sends it without credentials (STS
    /// `AssumeRoleWithWebIdentity`); see `send` for `idempotent` and `failuresInReply`.
    func post(
        _ operation: String, payload: Data, headers: [HTTPHeader], idempotent: Bool = true, signing: RequestSigning = .signed,
        failuresInReply: Bool = false, serverWait: Double = 0,
        mapError: @escaping @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> HTTPResponse {
        try await send(
            operation, method: "POST", path: "/", payload: payload, headers: headers, idempotent: idempotent, signing: signing,
            failuresInReply: failuresInReply, serverWait: serverWait, mapError: mapError)
    }

    /// Sends one request to `path` (decoded, below the endpoint's own path).
    /// A request that is not `idempotent` is retried only when the service
    /// surely did not run it (throttled, connection refused). A non-2xx
    /// reply becomes a `CloudError` via `mapError`, its text redacted;
    /// `failuresInReply` says a 2xx reply may report failures (batch
    /// entries) and is redacted too (`AWSReply`). `serverWait` is how long
    /// the service may rightly take before it answers (a long poll, a
    /// function's run), added to the request timeout and the stall limit;
    /// the reply, read into memory, is capped by `max_reply_bytes`.
    func send(
        _ operation: String, method: String, path: String, query: [QueryItem] = [], payload: Data, headers: [HTTPHeader],
        idempotent: Bool = true, signing: RequestSigning = .signed, failuresInReply: Bool = false, serverWait: Double = 0,
        mapError: @escaping @Sendable (HTTPResponse) -> CloudError = { AWSErrorMapper.error(from: $0) }
    ) async throws(CloudError) -> HTTPResponse {
        try await pipeline.send(AWSRequest(
            method: method, target: endpoint.target(path), query: query, headers: headers,
            body: payload.isEmpty && method == "GET" ? nil : .bytes(payload), timeLimit: .call(serverWait: serverWait), signing: signing,
            idempotent: idempotent, failuresInReply: failuresInReply, mapError: mapError, operation: operation))
    }
}
