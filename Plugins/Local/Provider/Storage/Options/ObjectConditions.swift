import CloudKitModel

/// Conditional writes and reads with S3's rules. A write's condition is
/// checked by `ObjectCommitter` under the key's folder lock, against the
/// version it would replace, so it holds against every other writer; a
/// read's against the version it opened.
enum ObjectConditions {
    /// Throws `precondition failed` unless `condition` holds for `current`,
    /// the version of `key` a write would replace (nil: none).
    static func check(_ condition: ObjectWriteCondition?, current: ObjectRecord?, key: String) throws(CloudError) {
        switch condition {
        case .none:
            return
        case .ifAbsent:
            guard current == nil else { throw failed("'\(key)' already exists (if_none_match *)") }
        case .ifMatch(let etag):
            guard let current, matches(etag, current.etag) else { throw failed("'\(key)' does not have the ETag \(etag) (if_match)") }
        }
    }

    /// Whether entity tag `given` (quoted or not, or `*`) names `etag`.
    static func matches(_ given: String, _ etag: String) -> Bool {
        given == "*" || unquoted(given) == unquoted(etag)
    }

    private static func unquoted(_ etag: String) -> Substring {
        etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count >= 2 ? etag.dropFirst().dropLast() : Substring(etag)
    }

    static func failed(_ message: String) -> CloudError {
        CloudError(.preconditionFailed, "precondition failed: \(message)", code: "PreconditionFailed", httpStatus: 412)
    }
}
