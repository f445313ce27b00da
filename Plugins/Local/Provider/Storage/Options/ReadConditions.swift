import CloudKitModel

/// A get's `if_match`, `if_none_match` and `if_modified_since` options, with
/// HTTP's (and S3's) rules: `if_match` that fails is `precondition failed`;
/// an object that is "not modified" — its ETag matches `if_none_match`, or,
/// without one, it is no newer than `if_modified_since` (to the second, as an
/// HTTP date) — is `precondition failed` with code `NotModified`.
struct ReadConditions {
    let ifMatch: String?
    let ifNoneMatch: String?
    /// Whole seconds since 1970.
    let modifiedSince: Int64?

    /// The conditions of a get's `options`; `invalid argument` naming a bad key or value.
    init(_ options: [String: String]) throws(CloudError) {
        _ = try LocalObjectOptions.stored(options, allowed: ObjectOptionKey.get, operation: "a get")
        ifMatch = options[ObjectOptionKey.ifMatch]
        ifNoneMatch = options[ObjectOptionKey.ifNoneMatch]
        if let text = options[ObjectOptionKey.ifModifiedSince] {
            modifiedSince = try ObjectOptionRules.modifiedSince(text) / 1000
        } else {
            modifiedSince = nil
        }
    }

    /// Throws unless the object described by `record` may be returned.
    func check(_ record: ObjectRecord) throws(CloudError) {
        if let ifMatch, !ObjectConditions.matches(ifMatch, record.etag) {
            throw ObjectConditions.failed("'\(record.key)' does not have the ETag \(ifMatch) (if_match)")
        }
        let notModified: Bool
        if let ifNoneMatch {
            notModified = ObjectConditions.matches(ifNoneMatch, record.etag)
        } else if let modifiedSince {
            notModified = record.lastModifiedMilliseconds / 1000 <= modifiedSince
        } else {
            notModified = false
        }
        if notModified {
            throw CloudError(.preconditionFailed, "'\(record.key)' is not modified (if_none_match / if_modified_since)", code: "NotModified", httpStatus: 304)
        }
    }
}
