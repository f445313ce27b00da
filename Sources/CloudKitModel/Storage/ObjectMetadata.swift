/// Checks and normalises what a put stores besides the bytes, with S3's
/// rules, the same for every provider:
/// user metadata keys are HTTP header-name tokens, kept lower-case; values
/// must fit in a header (no CR, LF or NUL); keys and values together are at
/// most 2 KiB of UTF-8 (S3's `MetadataTooLarge`). The content type defaults to
/// `binary/octet-stream`, which S3 reports for an object stored without one.
public enum ObjectMetadata {
    public static let maximumBytes = 2048
    public static let defaultContentType = "binary/octet-stream"

    /// The metadata with lower-case keys, or `invalidArgument`.
    public static func normalize(_ metadata: [String: String]) throws(CloudError) -> [String: String] {
        var result: [String: String] = [:]
        var total = 0
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            guard !key.isEmpty, key.utf8.allSatisfy(isTokenByte) else {
                throw CloudError(.invalidArgument, "metadata key '\(key)' is not a valid HTTP header name", code: "InvalidArgument")
            }
            try checkHeaderValue(value, what: "the value of metadata key '\(key)'")
            let lowered = key.lowercased()
            guard result[lowered] == nil else {
                throw CloudError(.invalidArgument, "metadata key '\(key)' is given twice (keys are case-insensitive)", code: "InvalidArgument")
            }
            result[lowered] = value
            total += lowered.utf8.count + value.utf8.count
        }
        guard total <= maximumBytes else {
            throw CloudError(.invalidArgument, "user metadata is \(total) bytes; at most \(maximumBytes) are allowed", code: "MetadataTooLarge")
        }
        return result
    }

    /// The content type to store.
    public static func contentType(_ given: String?) throws(CloudError) -> String {
        guard let given, !given.isEmpty else { return defaultContentType }
        try checkHeaderValue(given, what: "the content type")
        return given
    }

    private static func checkHeaderValue(_ value: String, what: String) throws(CloudError) {
        guard !value.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) else {
            throw CloudError(.invalidArgument, "\(what) must not contain CR, LF or NUL", code: "InvalidArgument")
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
