import CloudKitModel

/// Remembers the page tokens a loop over a service's pages has used, so a
/// service that hands back a token it gave before (or the one it was just
/// sent) stops the loop with an error instead of making it run forever; and
/// refuses a page that says more follow but gives no token to fetch them.
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

    /// The token of a page that says whether it is `truncated`: nil on the
    /// last page; `internal` (`TruncatedWithoutToken`) for a truncated page
    /// without one, whose rest could never be listed.
    static func nextToken(_ token: String?, truncated: Bool, operation: String) throws(CloudError) -> String? {
        guard truncated else { return nil }
        guard let token, !token.isEmpty else {
            throw CloudError(
                .internal, "\(operation) said the listing goes on but gave no token for the next page; stopped rather than return part of it",
                code: "TruncatedWithoutToken")
        }
        return token
    }
}
