/// The stable kind of a failure, shared by every provider.
///
/// The raw values are the `ck_kind` values of `abi/cloudkit.h` and never change.
public enum CloudErrorKind: Int32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case notFound = 1
    case alreadyExists = 2
    case preconditionFailed = 3
    case permissionDenied = 4
    case unauthenticated = 5
    case throttled = 6
    case invalidArgument = 7
    case timeout = 8
    case network = 9
    case unsupported = 10
    case cancelled = 11
    case functionError = 12
    case `internal` = 13

    /// The name used in messages and the CLI (`not found`, `invalid argument`, …).
    public var description: String {
        switch self {
        case .notFound: "not found"
        case .alreadyExists: "already exists"
        case .preconditionFailed: "precondition failed"
        case .permissionDenied: "permission denied"
        case .unauthenticated: "unauthenticated"
        case .throttled: "throttled"
        case .invalidArgument: "invalid argument"
        case .timeout: "timeout"
        case .network: "network"
        case .unsupported: "unsupported"
        case .cancelled: "cancelled"
        case .functionError: "function error"
        case .internal: "internal"
        }
    }
}

/// The one error type of cloudkit: a stable kind plus what the provider said.
///
/// Messages never contain secrets; providers are responsible for that.
public struct CloudError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: CloudErrorKind
    public var message: String
    /// The provider's own error code, such as `NoSuchKey`.
    public var code: String?
    /// The HTTP status of the reply, when there was one.
    public var httpStatus: Int?
    /// The service's request id, when it gave one.
    public var requestID: String?
    /// True when the same call may succeed later.
    public var retryable: Bool
    /// Extra structured detail as a JSON object text.
    public var detailsJSON: String?

    public init(
        _ kind: CloudErrorKind, _ message: String, code: String? = nil, httpStatus: Int? = nil,
        requestID: String? = nil, retryable: Bool = false, detailsJSON: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.code = code
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.retryable = retryable
        self.detailsJSON = detailsJSON
    }

    public var description: String {
        var text = "\(kind): \(message)"
        var extras: [String] = []
        if let code { extras.append("code \(code)") }
        if let httpStatus { extras.append("HTTP \(httpStatus)") }
        if let requestID { extras.append("request id \(requestID)") }
        if !extras.isEmpty { text += " (\(extras.joined(separator: ", ")))" }
        return text
    }

    /// Shorthand for an `invalid argument` error.
    public static func invalidArgument(_ message: String) -> CloudError {
        CloudError(.invalidArgument, message)
    }

    /// Shorthand for an `internal` error.
    public static func `internal`(_ message: String) -> CloudError {
        CloudError(.internal, message)
    }
}
