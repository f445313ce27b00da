import AWSHTTP
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
        let stamp = Timestamp(date)
        var request = request
        request.headers.append(HTTPHeader("X-Amz-Date", stamp.full))
        if let token = credentials.sessionToken, !omitSessionToken {
            request.headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        if addContentSHA256Header {
            request.headers.append(HTTPHeader("x-amz-content-sha256", payload.value))
        }
        let headers = canonicalHeaders(request.headers)
        let canonical = canonicalRequest(request, headers: headers, payload: payload.value)
        let stringToSign = stringToSign(canonical, stamp: stamp)
        let signature = signature(stringToSign, secret: credentials.secretAccessKey, stamp: stamp)
        request.headers.append(HTTPHeader(
            "Authorization",
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(stamp)), SignedHeaders=\(headers.names), Signature=\(signature)"))
        return SignedRequest(request: request, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
    }

    /// Adds the `X-Amz-*` query parameters of a presigned URL, including `X-Amz-Signature`.
    public func presign(
        _ request: SignableRequest, payload: PayloadSigning, credentials: AWSCredentials, date: Date, expiresSeconds: Int
    ) -> SignedRequest {
        let stamp = Timestamp(date)
        var request = request
        let headers = canonicalHeaders(request.headers)
        request.query += [
            QueryItem("X-Amz-Algorithm", Self.algorithm),
            QueryItem("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(stamp))"),
            QueryItem("X-Amz-Date", stamp.full),
            QueryItem("X-Amz-Expires", String(expiresSeconds)),
            QueryItem("X-Amz-SignedHeaders", headers.names),
        ]
        if let token = credentials.sessionToken, !omitSessionToken {
            request.query.append(QueryItem("X-Amz-Security-Token", token))
        }
        let canonical = canonicalRequest(request, headers: headers, payload: payload.value)
        let stringToSign = stringToSign(canonical, stamp: stamp)
        let signature = signature(stringToSign, secret: credentials.secretAccessKey, stamp: stamp)
        request.query.append(QueryItem("X-Amz-Signature", signature))
        return SignedRequest(request: request, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
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
        let encoded: [(name: String, value: String)] = items.map { item in
            (URIEncoding.encode(item.name, encodeSlash: true), URIEncoding.encode(item.value, encodeSlash: true))
        }
        let sorted = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    // MARK: Steps

    struct Timestamp {
        let full: String
        let day: String

        init(_ date: Date) {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            full = formatter.string(from: date)
            day = String(full.prefix(8))
        }
    }

    struct CanonicalHeaders {
        let block: String
        let names: String
    }

    func scope(_ stamp: Timestamp) -> String { "\(stamp.day)/\(region)/\(service)/aws4_request" }

    func canonicalHeaders(_ headers: [HTTPHeader]) -> CanonicalHeaders {
        var merged: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            merged[header.name.lowercased(), default: []].append(value)
        }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0, default: []].joined(separator: ","))\n" }.joined()
        return CanonicalHeaders(block: block, names: names.joined(separator: ";"))
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

    func canonicalRequest(_ request: SignableRequest, headers: CanonicalHeaders, payload: String) -> String {
        [request.method, canonicalURI(request.path), Self.encodeQuery(request.query), headers.block, headers.names, payload]
            .joined(separator: "\n")
    }

    func stringToSign(_ canonicalRequest: String, stamp: Timestamp) -> String {
        [Self.algorithm, stamp.full, scope(stamp), Digest.sha256Hex(Data(canonicalRequest.utf8))].joined(separator: "\n")
    }

    func signature(_ stringToSign: String, secret: String, stamp: Timestamp) -> String {
        var key = Digest.hmacSHA256(key: Array("AWS4\(secret)".utf8), Array(stamp.day.utf8))
        for part in [region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, Array(part.utf8)) }
        return Digest.hex(Digest.hmacSHA256(key: key, Array(stringToSign.utf8)))
    }
}
