import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The one way a request reaches AWS, for S3 and for the JSON, query and
/// REST-JSON services alike. Each attempt, under the client's `RetryPolicy`:
/// credentials from the chain → the SigV4 signature (none for
/// `RequestSigning.unsigned`) → the transport → `AWSReply.accept` (the log
/// line, the redaction of the reply's text, a failed reply mapped to an error).
///
/// A request is sent again only when the policy allows it: a non-idempotent
/// one only when it surely never ran, a streamed body never (it cannot be
/// read twice), and a reply streamed to the caller only until its first
/// byte has reached them (`StreamDelivery`).
struct AWSRequestPipeline: Sendable {
    /// The service's name in log lines ("S3", "DynamoDB").
    let name: String
    let signer: SigV4Signer
    let transport: CurlTransport
    let credentials: any CredentialProvider
    /// One per client, so copies share its retry quota.
    let retry: RetryPolicy
    let logger: ProviderLogger

    init(
        name: String, signer: SigV4Signer, configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider,
        logger: ProviderLogger
    ) {
        self.name = name
        self.signer = signer
        self.transport = transport
        self.credentials = credentials
        self.logger = logger
        retry = RetryPolicy(maxAttempts: configuration.maxAttempts)
    }

    /// Sends `request`, re-signing each attempt; the 2xx reply, or the error
    /// `request.mapError` makes of the last failed one, its text redacted.
    func send(_ request: AWSRequest) async throws(CloudError) -> HTTPResponse {
        let delivery = StreamDelivery(request.sink)
        var bodyReplayable = true
        if case .stream = request.body { bodyReplayable = false }
        // Hashed once, not on every attempt; a large body on the pool, not the host's thread.
        let payload =
            request.body.map(Self.isLarge) == true
            ? try await ProviderWork.onPool { () async throws(CloudError) in Self.payloadSigning(request.body) } : Self.payloadSigning(request.body)
        let response = try await retry.run(idempotent: request.idempotent, replayable: { bodyReplayable && !delivery.started }) {
            attempt throws(CloudError) in
            try await self.attempt(request, payload: payload, sink: delivery.sink, number: attempt)
        }
        // A large reply is read (parsed, copied into place) on the pool, not the transport's loop thread.
        guard response.body.count > Self.largeBody else { return response }
        return try await ProviderWork.onPool { () async throws(CloudError) in response }
    }

    /// Above this many bytes, hashing a body or reading a reply moves to the
    /// Swift pool (the client's calls run on the thread at hand: `AWSClient.callPlacement`).
    static let largeBody = 256 << 10

    private static func isLarge(_ body: BodySource) -> Bool {
        if case .bytes(let data) = body { return data.count > largeBody }
        return false
    }

    /// What the signature says about `body`: its SHA-256 when it is in
    /// memory; `UNSIGNED-PAYLOAD` for files and streams (only S3 takes those).
    static func payloadSigning(_ body: BodySource?) -> PayloadSigning {
        switch body {
        case .none: .hash(Digest.emptySHA256)
        case .bytes(let data): .hash(Digest.sha256Hex(data))
        case .file, .stream: .unsigned
        }
    }

    private func attempt(_ request: AWSRequest, payload: PayloadSigning, sink: BodySink, number: Int) async throws(CloudError) -> HTTPResponse {
        var headers = request.headers
        var signedWith: (credentials: AWSCredentials, signature: String)?
        if case .signed = request.signing {
            let credentials = try await self.credentials.resolve()
            let signed = signer.sign(
                SignableRequest(
                    method: request.method, path: request.target.path, query: request.query,
                    headers: [HTTPHeader("Host", request.target.host)] + headers),
                payload: payload, credentials: credentials, date: Date())
            headers = signed.request.headers.filter { $0.name != "Host" }
            signedWith = (credentials, signed.signature)
        }
        let response = try await transport.send(
            HTTPRequest(
                method: request.method, url: request.target.url(query: request.query), headers: headers, body: request.body,
                timeLimit: request.timeLimit, replyCheck: request.replyCheck, placement: request.placement),
            sink: sink, progress: request.progress)
        return try AWSReply.accept(
            response,
            redactor: {
                signedWith.map { Redactor(credentials: $0.credentials, signature: $0.signature) } ?? request.signing.unsignedRedactor
            },
            failuresInReply: request.failuresInReply, what: "\(name) \(request.label)", attempt: number, logger: logger,
            mapError: request.mapError)
    }
}
