import AWSHTTP
import CloudKitModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Turns an AWS error reply into a `CloudError` with a stable kind, keeping
/// the service's code, message, HTTP status and request id.
public enum AWSErrorMapper {
    static let notFound: Set<String> = [
        "NoSuchKey", "NoSuchBucket", "NotFound", "ResourceNotFoundException", "QueueDoesNotExist",
        "AWS.SimpleQueueService.NonExistentQueue", "NoSuchUpload", "NotFoundException",
    ]
    static let alreadyExists: Set<String> = [
        "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "ResourceInUseException", "QueueAlreadyExists", "ResourceConflictException",
    ]
    static let precondition: Set<String> = [
        "PreconditionFailed", "ConditionalCheckFailedException", "BucketNotEmpty", "TransactionCanceledException",
        "ConditionalRequestConflict", "NotModified",
    ]
    static let permission: Set<String> = ["AccessDenied", "AccessDeniedException", "AuthorizationError", "AllAccessDisabled"]
    static let unauthenticated: Set<String> = [
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
        "UnrecognizedClientException", "MissingAuthenticationToken", "InvalidToken", "IncompleteSignature", "RequestExpired",
    ]
    static let throttled: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "ProvisionedThroughputExceededException",
        "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "LimitExceededException",
        "Throttled", "OverLimit", "KmsThrottled", "PurgeQueueInProgress", "QueueDeletedRecently", "AWS.SimpleQueueService.PurgeQueueInProgress",
    ]
    static let invalid: Set<String> = [
        "InvalidArgument", "InvalidRange", "InvalidBucketName", "ValidationException", "InvalidParameterValue",
        "InvalidParameterException", "MalformedXML", "KeyTooLongError", "EntityTooLarge", "EntityTooSmall", "InvalidRequest",
        "InvalidRequestContentException", "RequestTooLargeException", "InvalidDigest", "BadDigest", "MissingParameter",
        "InvalidParameterCombination", "SerializationException", "InvalidParameter", "ReceiptHandleIsInvalid", "InvalidMessageContents",
        "UnsupportedOperation", "BatchEntryIdsNotDistinct", "TooManyEntriesInBatchRequest", "EmptyBatchRequest", "InvalidAttributeName",
        "InvalidAttributeValue", "InvalidBatchEntryId", "InvalidIdFormat", "MessageNotInflight", "BatchRequestTooLong",
        "AWS.SimpleQueueService.UnsupportedOperation", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "AWS.SimpleQueueService.InvalidBatchEntryId",
    ]
    static let timeouts: Set<String> = ["RequestTimeout", "RequestTimeoutException"]

    /// The kind for a service code, falling back to the HTTP status.
    public static func kind(code: String?, status: Int) -> CloudErrorKind {
        if let code {
            if notFound.contains(code) { return .notFound }
            if alreadyExists.contains(code) { return .alreadyExists }
            if precondition.contains(code) { return .preconditionFailed }
            if permission.contains(code) { return .permissionDenied }
            if unauthenticated.contains(code) { return .unauthenticated }
            if throttled.contains(code) { return .throttled }
            if invalid.contains(code) { return .invalidArgument }
            if timeouts.contains(code) { return .timeout }
        }
        switch status {
        case 400, 411, 413, 414, 416: return .invalidArgument
        case 401: return .unauthenticated
        case 403: return .permissionDenied
        case 404: return .notFound
        case 409: return .alreadyExists
        case 304, 412: return .preconditionFailed
        case 408: return .timeout
        case 429: return .throttled
        case 503: return .throttled
        default: return .internal
        }
    }

    /// Whether an error of this code/status may succeed on retry.
    public static func retryable(code: String?, status: Int) -> Bool {
        if let code, throttled.contains(code) || timeouts.contains(code) || code == "InternalError" || code == "ServiceUnavailable" { return true }
        return status == 429 || status >= 500
    }

    /// The error for a failed response (XML or JSON body, or none for HEAD).
    public static func error(from response: HTTPResponse) -> CloudError {
        let parsed = parse(response.body)
        // REST-JSON services (Lambda) name the error in a header: "Code:http://…".
        let headerCode = response.headers.first(named: "x-amzn-ErrorType").map { String($0.split(separator: ":").first ?? "") }
        let code = parsed.code ?? headerCode.flatMap { $0.isEmpty ? nil : $0 } ?? defaultCode(status: response.status)
        let requestID = parsed.requestID ?? requestID(in: response.headers)
        let message = parsed.message ?? "HTTP \(response.status)\(code.map { " \($0)" } ?? "")"
        return CloudError(
            kind(code: code, status: response.status), message, code: code, httpStatus: response.status, requestID: requestID,
            retryable: retryable(code: code, status: response.status))
    }

    /// S3 answers some long calls (`CopyObject`, `UploadPartCopy`,
    /// `CompleteMultipartUpload`) 200 before the work is done and reports a
    /// failure in the body: that error, with the kind and retry of a 500; nil
    /// when the body reports none.
    public static func embeddedError(in response: HTTPResponse) -> CloudError? {
        let parsed = parse(response.body)
        guard let code = parsed.code else { return nil }
        return CloudError(
            kind(code: code, status: 500), parsed.message ?? code, code: code, httpStatus: response.status,
            requestID: parsed.requestID ?? requestID(in: response.headers), retryable: retryable(code: code, status: 500))
    }

    /// A failed entry of a batch reply (SQS and SNS `Failed`: code, message,
    /// sender fault) as an error; a fault on the service's side counts as a 500.
    static func entryError(code: String?, message: String?, senderFault: Bool) -> CloudError {
        let status = senderFault ? 400 : 500
        return CloudError(
            kind(code: code, status: status), message ?? code ?? "the entry failed", code: code, retryable: retryable(code: code, status: status))
    }

    /// The request id a reply's headers carry: S3's `x-amz-request-id`, else the other services' `x-amzn-RequestId`.
    static func requestID(in headers: [HTTPHeader]) -> String? {
        headers.first(named: "x-amz-request-id") ?? headers.first(named: "x-amzn-RequestId")
    }

    static func defaultCode(status: Int) -> String? {
        switch status {
        case 404: "NotFound"
        case 403: "Forbidden"
        case 412: "PreconditionFailed"
        case 304: "NotModified"
        default: nil
        }
    }

    struct Parsed {
        var code: String?
        var message: String?
        var requestID: String?
    }

    /// Reads `<Error><Code/><Message/><RequestId/></Error>` or a JSON `{__type|code, message}`.
    static func parse(_ body: Data) -> Parsed {
        guard let first = body.first(where: { !($0 == 32 || $0 == 10 || $0 == 13 || $0 == 9) }) else { return Parsed() }
        if first == UInt8(ascii: "{") {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return Parsed() }
            var code = (object["__type"] as? String) ?? (object["code"] as? String) ?? (object["Code"] as? String)
            if let full = code, let hash = full.lastIndex(of: "#") { code = String(full[full.index(after: hash)...]) }
            if let full = code, let colon = full.firstIndex(of: ":") { code = String(full[..<colon]) }
            return Parsed(code: code, message: (object["message"] as? String) ?? (object["Message"] as? String), requestID: nil)
        }
        guard let tree = try? XMLTree.parse(body) else { return Parsed() }
        let field = { (name: String) in tree.name == name ? tree.text : tree.find(name)?.text }
        return Parsed(code: field("Code"), message: field("Message"), requestID: field("RequestId"))
    }
}
