import AWSHTTP
import CloudKitModel

/// What the reply to an S3 object GET may bring, checked from its status
/// and headers before its body is read (the request's `ReplyCheck`), so that
/// a GET — to memory above all — holds no more than the object's known size:
/// a ranged GET must be answered with that range (`206` and a matching
/// `Content-Range`), or, for a range from byte 0, with a whole object no
/// larger than the range. A reply that ignores the range, or whose
/// `Content-Length` disagrees with it, is refused before its body is read:
/// `internal`, code `BadRange`, retryable like any damaged reply (a GET is
/// idempotent, and a refused reply cost only its headers).
enum S3ReplyRange {
    /// The check of a GET of `range` (nil: the whole object).
    static func check(asked range: ByteRange?) -> ReplyCheck {
        { status, headers throws(CloudError) -> Int64? in try allowedBytes(status: status, headers: headers, asked: range) }
    }

    /// The body bytes the reply may bring: exactly the range served, or the
    /// whole object's `Content-Length` (nil when a whole-object reply announces none).
    static func allowedBytes(status: Int, headers: [HTTPHeader], asked: ByteRange?) throws(CloudError) -> Int64? {
        let length = headers.integer(named: "Content-Length")
        guard let asked else { return length }
        guard status == 206 else {
            // The whole object: what was asked only when the range starts at 0 and covers it.
            guard asked.start == 0, let length, asked.end.map({ length <= $0 + 1 }) ?? true else {
                throw badRange("S3 answered \(asked.httpHeaderValue) with status \(status) and \(length.map { "\($0) bytes" } ?? "no length"), not the range")
            }
            return length
        }
        guard let served = ContentRange(headers.first(named: "Content-Range")) else {
            throw badRange("S3 answered \(asked.httpHeaderValue) with status 206 but no usable Content-Range")
        }
        let fits = served.first == asked.start && asked.end.map { served.last <= $0 } ?? true
        guard fits, length == nil || length == served.count else {
            throw badRange(
                "S3 answered \(asked.httpHeaderValue) with bytes \(served.first)-\(served.last) and \(length.map { "\($0) bytes" } ?? "no length")")
        }
        return served.count
    }

    static func badRange(_ message: String) -> CloudError {
        CloudError(.internal, message, code: "BadRange", retryable: true)
    }

    /// A `Content-Range: bytes first-last/total` header (total may be `*`).
    struct ContentRange {
        let first: Int64
        let last: Int64
        var count: Int64 { last - first + 1 }

        init?(_ header: String?) {
            guard let header, header.hasPrefix("bytes ") else { return nil }
            // On the UTF-8 bytes, as every ranged GET reads one.
            let spec = header.utf8.dropFirst("bytes ".utf8.count)
            guard let slash = spec.firstIndex(of: UInt8(ascii: "/")), let dash = spec[..<slash].firstIndex(of: UInt8(ascii: "-")),
                let first = Int64(Substring(spec[..<dash])), let last = Int64(Substring(spec[spec.index(after: dash)..<slash])),
                first >= 0, last >= first
            else { return nil }
            let total = spec[spec.index(after: slash)...]
            if !total.elementsEqual("*".utf8) {
                guard let total = Int64(Substring(total)), last < total else { return nil }
            }
            self.first = first
            self.last = last
        }
    }
}
