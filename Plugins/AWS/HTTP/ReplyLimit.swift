import CloudKitModel
import Foundation

/// Decides, from a 2xx reply's status and headers and before its body is
/// read, how many body bytes the reply may bring: a number, or nil for the
/// transport's rule (`HTTPTransportOptions.maxReplyBytes` for a body kept in
/// memory, no cap for one delivered to a file or stream). Throwing refuses
/// the reply: the transfer is aborted and fails with that error. An S3
/// ranged GET uses it to refuse a reply that ignores the range it asked for.
public typealias ReplyCheck = @Sendable (_ status: Int, _ headers: [HTTPHeader]) throws(CloudError) -> Int64?

/// The most body bytes one reply may bring, decided once its headers are in:
/// never more than its request allows (or, in memory, the transport's cap),
/// and never more than its own `Content-Length`. A reply that announces more
/// than it may bring is refused before its body is read; one that brings
/// more than allowed is cut off. Both fail `internal`, code `ReplyTooLarge`.
struct ReplyLimit {
    /// What the request or the transport allows; nil for no cap.
    let allowed: Int64?
    /// True when `allowed` is the transport's cap (`max_reply_bytes`), not the request's.
    let isTransportCap: Bool
    /// What the reply's `Content-Length` announced; nil when it had none.
    let announced: Int64?
    /// The request's URL, whose host names the server in errors (parsed only for one).
    let url: String
    var host: String { URL(string: url)?.host ?? url }

    /// The limit of a reply with `status` and `headers` to a `method`
    /// request; `inMemory` when its body would be kept in memory.
    init(
        method: String, status: Int, headers: [HTTPHeader], check: ReplyCheck?, inMemory: Bool, maxReplyBytes: Int64, url: String
    ) throws(CloudError) {
        self.url = url
        // No body follows these, whatever Content-Length says.
        guard method != "HEAD", status != 204, status != 304 else {
            allowed = 0
            isTransportCap = false
            announced = nil
            return
        }
        var allowed: Int64?
        if (200..<300).contains(status), let check { allowed = try check(status, headers) }
        isTransportCap = allowed == nil && inMemory
        if isTransportCap { allowed = maxReplyBytes }
        self.allowed = allowed
        announced = headers.integer(named: "Content-Length")
        if let announced, let allowed, announced > allowed {
            throw Self.tooLarge("the reply from \(host) announces \(announced) bytes, more than the \(allowed)\(note) it may bring; it was not read")
        }
    }

    /// Checks that a body of `received` bytes so far is within the limit.
    func accept(received: Int64) throws(CloudError) {
        if let announced, received > announced {
            throw Self.tooLarge("the reply from \(host) brought more than the \(announced) bytes its Content-Length announced; stopped reading it")
        }
        if let allowed, received > allowed {
            throw Self.tooLarge("the reply from \(host) is larger than the \(allowed) bytes\(note) it may bring; stopped reading it")
        }
    }

    /// Names the option when the transport's cap is the limit.
    private var note: String { isTransportCap ? " (max_reply_bytes)" : "" }

    static func tooLarge(_ message: String) -> CloudError {
        CloudError(.internal, message, code: "ReplyTooLarge")
    }
}
