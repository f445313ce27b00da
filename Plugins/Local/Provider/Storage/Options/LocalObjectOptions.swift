import CloudKitModel

/// The per-call options of local puts, copies and gets (`ObjectOptionKey`),
/// checked before anything is read or written. The provider keeps
/// `cache_control`, `content_encoding`, `content_disposition` and `tags` in
/// the object's record; `storage_class`, `server_side_encryption` and
/// `sse_kms_key_id` need a cloud and are `unsupported`; any other key, or
/// one the operation does not take, or an empty or malformed value, is
/// `invalid argument` — each naming the key.
enum LocalObjectOptions {
    /// The stored options this provider keeps.
    static let kept = [ObjectOptionKey.cacheControl, ObjectOptionKey.contentEncoding, ObjectOptionKey.contentDisposition, ObjectOptionKey.tags]
    /// Stored options that only a cloud can honour.
    static let refused = [ObjectOptionKey.storageClass, ObjectOptionKey.serverSideEncryption, ObjectOptionKey.sseKMSKeyID]

    /// Checks `options` for an operation taking `allowed` keys (`operation`
    /// names it in errors); the stored options to keep.
    static func stored(_ options: [String: String], allowed: [String], operation: String) throws(CloudError) -> [String: String] {
        try ObjectOptionRules.check(options, allowed: allowed, refused: refused, provider: "local", operation: operation)
        return options.filter { kept.contains($0.key) }
    }

    /// The properties head, get and put report for `stored` options: them, and the tag count.
    static func reported(_ stored: [String: String]) -> [String: String] {
        var properties = stored
        if let tags = stored[ObjectOptionKey.tags] { properties[ObjectOptionKey.tagCount] = ObjectTagSet.count(tags) }
        return properties
    }
}
