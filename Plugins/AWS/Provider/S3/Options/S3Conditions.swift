import AWSHTTP
import CloudKitModel
import Foundation

/// Conditional requests: a put's condition (`ObjectOptionRules.writeCondition`)
/// as `If-Match` / `If-None-Match: *`, and a get's
/// `if_match`, `if_none_match` and `if_modified_since` options as headers.
enum S3Conditions {
    /// The headers of a write condition.
    static func headers(_ condition: ObjectWriteCondition?) -> [HTTPHeader] {
        switch condition {
        case .none: []
        case .ifAbsent: [HTTPHeader("If-None-Match", "*")]
        case .ifMatch(let etag): [HTTPHeader("If-Match", etag)]
        }
    }

    /// The headers of a get's options (already checked by `S3ObjectOptions.stored`);
    /// `if_modified_since` must be milliseconds since the epoch.
    static func readHeaders(_ options: [String: String]) throws(CloudError) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let etag = options[ObjectOptionKey.ifMatch] { headers.append(HTTPHeader("If-Match", etag)) }
        if let etag = options[ObjectOptionKey.ifNoneMatch] { headers.append(HTTPHeader("If-None-Match", etag)) }
        if let text = options[ObjectOptionKey.ifModifiedSince] {
            let milliseconds = try ObjectOptionRules.modifiedSince(text)
            headers.append(HTTPHeader("If-Modified-Since", httpDate(milliseconds)))
        }
        return headers
    }

    /// An HTTP date (`Wed, 25 Nov 2026 05:27:02 GMT`), to the second below `milliseconds`.
    static func httpDate(_ milliseconds: Int64) -> String {
        HTTPDate.format(Date(timeIntervalSince1970: Double(milliseconds / 1000)))
    }
}

extension S3Conditions {
    /// A failed conditional write as cloudkit reports it: S3 answers
    /// `If-Match` on a missing key with 404 `NoSuchKey`, which is the
    /// condition failing too (412 `PreconditionFailed` and 409
    /// `ConditionalRequestConflict` already map to `precondition failed`).
    static func mapped(_ error: CloudError, condition: ObjectWriteCondition?) -> CloudError {
        guard case .ifMatch = condition, error.code == "NoSuchKey" else { return error }
        return CloudError(
            .preconditionFailed, "there is no object whose ETag could match if_match", code: "PreconditionFailed", httpStatus: error.httpStatus,
            requestID: error.requestID)
    }
}
