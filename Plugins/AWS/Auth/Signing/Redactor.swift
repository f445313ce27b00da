import AWSHTTP
import Foundation

/// Takes the secrets of one signed request out of the text of its reply.
///
/// A server or proxy may echo request headers (`Authorization`,
/// `X-Amz-Security-Token`) into an error body or a request-id header. Every
/// reply to a signed request passes through the redactor of that request
/// before its text reaches a `CloudError` or a log line (`AWSReply.accept`
/// in the provider: the headers and body of a failed reply, or of one that
/// reports failures inside a 2xx, and the log line of every reply). It
/// replaces, with `[redacted]`:
/// - the secret access key and the session token, also percent-encoded,
///   base64-encoded and with JSON's escaped slashes;
/// - the request's signature, and any hex run after `Signature=`;
/// - the middle of the access key ID (its 4-character type prefix, such as
///   `AKIA`, and its last 4 characters stay, as the AWS CLI shows keys).
///
/// Values shorter than 8 characters are left alone: no real AWS secret is
/// that short, and replacing them would garble ordinary words.
public struct Redactor: Sendable {
    /// What a secret is replaced with.
    public static let mark = "[redacted]"

    /// Below this length a value is not treated as a secret.
    static let minimumLength = 8

    /// A text to find and what replaces it.
    struct Replacement: Sendable {
        var secret: String
        var replacement: String
    }

    /// Longest first, so a longer form is replaced before a shorter value inside it.
    let replacements: [Replacement]

    /// A redactor for a request signed with `credentials`, carrying
    /// `signature`, that also hides `others` (secrets an unsigned request
    /// carries, such as a web identity token) in all their forms.
    public init(credentials: AWSCredentials?, signature: String?, alsoHiding others: [String] = []) {
        var found: [Replacement] = []
        for secret in [credentials?.secretAccessKey, credentials?.sessionToken, signature].compactMap({ $0 }) + others {
            found += Self.forms(of: secret).map { Replacement(secret: $0, replacement: Self.mark) }
        }
        if let key = credentials?.accessKeyID, key.count >= 16 {
            found.append(Replacement(secret: key, replacement: "\(key.prefix(4))\(Self.mark)\(key.suffix(4))"))
        }
        var seen: Set<String> = []
        replacements = found.filter { $0.secret.count >= Self.minimumLength && seen.insert($0.secret).inserted }
            .sorted { $0.secret.count > $1.secret.count }
    }

    /// A redactor that knows no secrets (an unsigned request); it still hides signatures after `Signature=`.
    public static let unsigned = Redactor(credentials: nil, signature: nil)

    /// The ways `secret` may be written in a reply: as it is, percent-encoded
    /// (in an echoed URL or form), base64-encoded, and with JSON's `\/`.
    static func forms(of secret: String) -> [String] {
        [
            secret, URIEncoding.encode(secret, encodeSlash: true), Data(secret.utf8).base64EncodedString(),
            secret.replacingOccurrences(of: "/", with: "\\/"),
        ]
    }

    /// `text` with every known secret and every signature replaced.
    public func redact(_ text: String) -> String {
        var text = text
        for replacement in replacements where text.contains(replacement.secret) {
            text = text.replacingOccurrences(of: replacement.secret, with: replacement.replacement)
        }
        return Self.hidingSignatures(text)
    }

    /// `text` with the hex digits after each `Signature=` (header and
    /// presigned forms) replaced: a signature of another request is no safer to show.
    static func hidingSignatures(_ text: String) -> String {
        let marker = "Signature="
        guard text.contains(marker) else { return text }
        var result = ""
        var rest = Substring(text)
        while let found = rest.range(of: marker) {
            result += rest[..<found.upperBound]
            rest = rest[found.upperBound...]
            let digits = rest.prefix(while: \.isHexDigit)
            if digits.count >= 16 {
                result += mark
                rest = rest.dropFirst(digits.count)
            }
        }
        return result + rest
    }

    /// The reply with its header values and (UTF-8) body redacted; the body
    /// is left byte for byte as it was when it holds no secret.
    public func redact(_ response: HTTPResponse) -> HTTPResponse {
        var response = response
        response.headers = response.headers.map { HTTPHeader($0.name, redact($0.value)) }
        let text = String(decoding: response.body, as: UTF8.self)
        let redacted = redact(text)
        if redacted != text { response.body = Data(redacted.utf8) }
        return response
    }
}
