import AWSHTTP
import CloudKitModel
import Foundation

/// AWS Signature Version 4, in the `Authorization` header form and the
/// query-string (presigned URL) form.
///
/// Verified against the AWS signing test suite (`SigV4SuiteTests`). For S3:
/// service "s3", `normalizePath: false`, `doubleEncodePath: false`,
/// `addContentSHA256Header: true`.
public struct SigV4Signer: Sendable {
    public let region: String
    public let service: String
    public let normalizePath: Bool
    public let doubleEncodePath: Bool
    public let addContentSHA256Header: Bool
    public let omitSessionToken: Bool
    /// Shared by copies of this signer.
    let keys = SigningKeyCache()
    /// Shared by copies of this signer.
    let stamps = TimestampCache()

    static let algorithm = "AWS4-HMAC-SHA256"

    public init(
        region: String, service: String, normalizePath: Bool = true, doubleEncodePath: Bool = true,
        addContentSHA256Header: Bool = false, omitSessionToken: Bool = false
    ) {
        self.region = region
        self.service = service
        self.normalizePath = normalizePath
        self.doubleEncodePath = doubleEncodePath
        self.addContentSHA256Header = addContentSHA256Header
        self.omitSessionToken = omitSessionToken
    }

    // MARK: Public forms

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (when the credentials carry
    /// one), `x-amz-content-sha256` (when configured) and `Authorization`.
    public func sign(_ request: SignableRequest, payload: PayloadSigning, credentials: AWSCredentials, date: Date) -> SignedRequest {
        let stamp = timestamp(date)
        var request = request
        request.headers.reserveCapacity(request.headers.count + 4)
        request.headers.append(HTTPHeader("X-Amz-Date", stamp.full))
        if let token = credentials.sessionToken, !omitSessionToken {
            request.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        if addContentSHA256Header {
            request.headers.append(HTTPHeader("x-amz-content-sha256", payload.value))
        }
        let canonical = canonicalRequest(request, headers: request.headers, payload: payload.value)
        let stringToSign = stringToSign(canonical.bytes, stamp: stamp)
        let signature = signature(stringToSign, secret: credentials.secretAccessKey, stamp: stamp)
        request.headers.append(HTTPHeader(
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(stamp.scope), SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"))
        return SignedRequest(request: request, canonicalRequestBytes: canonical.bytes, stringToSignBytes: stringToSign, signature: signature)
    }

    /// Adds the `X-Amz-*` query parameters of a presigned URL, including `X-Amz-Signature`.
    public func presign(
        _ request: SignableRequest, payload: PayloadSigning, credentials: AWSCredentials, date: Date, expiresSeconds: Int
    ) -> SignedRequest {
        let stamp = timestamp(date)
        var request = request
        // The names the signature covers, known before the query that carries them is complete.
        let signedHeaders = canonicalRequest(request, headers: request.headers, payload: "").signedHeaders
        request.query += [
            QueryItem("X-Amz-Algorithm", Self.algorithm),
            QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(stamp.scope)"),
            QueryItem("X-Amz-Date", stamp.full),
            QueryItem("X-Amz-Expires", String(expiresSeconds)),
            QueryItem("X-Amz-SignedHeaders", signedHeaders),
        ]
        if let token = credentials.sessionToken, !omitSessionToken {
            request.query.append(QueryItem("X-Amz-Security-Token", token))
        }
        let canonical = canonicalRequest(request, headers: request.headers, payload: payload.value)
        let stringToSign = stringToSign(canonical.bytes, stamp: stamp)
        let signature = signature(stringToSign, secret: credentials.secretAccessKey, stamp: stamp)
        request.query.append(QueryItem("X-Amz-Signature", signature))
        return SignedRequest(request: request, canonicalRequestBytes: canonical.bytes, stringToSignBytes: stringToSign, signature: signature)
    }

    /// SigV4's percent-encoding (see `URIEncoding`).
    public static func uriEncode(_ text: String, encodeSlash: Bool) -> String {
        URIEncoding.encode(text, encodeSlash: encodeSlash)
    }

    /// The wire form of a decoded path: each segment encoded once.
    public static func encodePath(_ path: String) -> String {
        URIEncoding.encode(path, encodeSlash: false)
    }

    /// The wire (and canonical) form of query items: encoded, sorted, joined with `&`.
    public static func encodeQuery(_ items: [QueryItem]) -> String {
        if items.isEmpty { return "" }
        let encoded: [(name: String, value: String)] = items.map { item in
            (URIEncoding.encode(item.name, encodeSlash: true), URIEncoding.encode(item.value, encodeSlash: true))
        }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    // MARK: Steps

    /// The request's time in SigV4's forms, and its credential scope.
    struct Timestamp: Sendable {
        /// `yyyyMMdd'T'HHmmss'Z'`.
        let full: String
        /// `yyyyMMdd`.
        let day: String
        /// `day/region/service/aws4_request`.
        let scope: String

        init(_ date: Date, region: String, service: String) {
            full = AmzDate.format(date)
            day = String(full.prefix(8))
            scope = "\(day)/\(region)/\(service)/aws4_request"
        }
    }

    /// `date`'s timestamp, made once a second (`TimestampCache`).
    func timestamp(_ date: Date) -> Timestamp {
        stamps.stamp(for: date) { Timestamp($0, region: region, service: service) }
    }

    func canonicalURI(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if normalizePath { path = Self.normalized(path) }
        let once = URIEncoding.encode(path, encodeSlash: false)
        return doubleEncodePath ? URIEncoding.encode(once, encodeSlash: false) : once
    }

    /// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
    static func normalized(_ path: String) -> String {
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                _ = stack.popLast()
                continue
            }
            stack.append(segment)
        }
        var result = "/" + stack.joined(separator: "/")
        let lastSegment = path.split(separator: "/", omittingEmptySubsequences: false).last
        if path.hasSuffix("/") || lastSegment == "." || lastSegment == ".." {
            if !result.hasSuffix("/") { result += "/" }
        }
        return result
    }

    func canonicalRequest(_ request: SignableRequest, headers: [HTTPHeader], payload: String) -> CanonicalRequest {
        CanonicalRequest(method: request.method, path: canonicalURI(request.path), query: request.query, headers: headers, payload: payload)
    }

    /// The string to sign: algorithm, time, scope and the canonical request's SHA-256.
    func stringToSign(_ canonicalRequest: [UInt8], stamp: Timestamp) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.algorithm.utf8.count + stamp.full.utf8.count + stamp.scope.utf8.count + 67)
        bytes.append(contentsOf: Self.algorithm.utf8)
        bytes.append(CanonicalRequest.newline)
        bytes.append(contentsOf: stamp.full.utf8)
        bytes.append(CanonicalRequest.newline)
        bytes.append(contentsOf: stamp.scope.utf8)
        bytes.append(CanonicalRequest.newline)
        bytes.append(contentsOf: Digest.sha256Hex(canonicalRequest).utf8)
        return bytes
    }

    func signature(_ stringToSign: [UInt8], secret: String, stamp: Timestamp) -> String {
        let key = keys.key(for: SigningKeyCache.Scope(secret: secret, day: stamp.day, region: region, service: service), derive: Self.signingKey)
        return key.hex(stringToSign)
    }

    /// The signing key of `scope`: HMACs of the day, region, service and
    /// `aws4_request`, starting from `AWS4` + the secret.
    static func signingKey(_ scope: SigningKeyCache.Scope) -> [UInt8] {
        var key = Digest.hmacSHA256(key: Array("AWS4\(scope.secret)".utf8), Array(scope.day.utf8))
        for part in [scope.region, scope.service, "aws4_request"] { key = Digest.hmacSHA256(key: key, Array(part.utf8)) }
        return key
    }
}
