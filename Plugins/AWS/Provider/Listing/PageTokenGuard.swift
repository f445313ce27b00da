import CloudKitModel

/// Remembers the page tokens a loop over a service's pages has used, so a
/// service that hands back a token it gave before (or the one it was just
/// sent) stops the loop with an error instead of making it run forever.
struct PageTokenGuard {
    /// The operation named in the error ("SNS ListTopics").
    let operation: String
    private var seen: Set<String> = []

    /// A guard for `operation` that already knows `start`, the token the loop begins with.
    init(_ operation: String, start: String? = nil) {
        self.operation = operation
        if let start { seen.insert(start) }
    }

    /// Records `token` before it is sent; `internal` (`RepeatedPageToken`) when it was seen already.
    mutating func accept(_ token: String) throws(CloudError) {
        guard seen.insert(token).inserted else {
            throw CloudError(
                .internal, "\(operation) returned a page token it had already returned; stopped rather than loop forever",
                code: "RepeatedPageToken")
        }
    }
}
