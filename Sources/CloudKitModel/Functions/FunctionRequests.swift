import Foundation

/// How to invoke a function.
public enum InvocationType: Int32, Sendable, Hashable {
    /// Wait for the function and return its result.
    case requestResponse = 0
    /// Queue the event and return at once.
    case event = 1
    /// Only check that the call would be allowed.
    case dryRun = 2
}

public struct InvokeRequest: Sendable, Hashable {
    /// A name, an ARN, or `name:qualifier`.
    public var function: String
    /// A version or alias, or nil for `$LATEST`.
    public var qualifier: String?
    public var payload: Data
    public var type: InvocationType
    /// Return the last 4 KB of the function's log (synchronous invocations).
    public var logTail: Bool

    public init(function: String, qualifier: String? = nil, payload: Data = Data(), type: InvocationType = .requestResponse, logTail: Bool = false) {
        self.function = function
        self.qualifier = qualifier
        self.payload = payload
        self.type = type
        self.logTail = logTail
    }
}

/// What an invocation returned. A function that ran and failed is not a
/// thrown error: `functionError` says so and `payload` holds the error
/// (`{"errorMessage": ..., "errorType": ...}`).
public struct InvokeResult: Sendable, Hashable {
    /// 200 for a synchronous call, 202 for an accepted event, 204 for a dry run.
    public var statusCode: Int
    public var payload: Data
    /// "Handled" or "Unhandled" when the function failed, else nil.
    public var functionError: String?
    public var executedVersion: String?
    /// The log's last 4 KB, when asked for.
    public var logTail: String?

    public init(statusCode: Int, payload: Data = Data(), functionError: String? = nil, executedVersion: String? = nil, logTail: String? = nil) {
        self.statusCode = statusCode
        self.payload = payload
        self.functionError = functionError
        self.executedVersion = executedVersion
        self.logTail = logTail
    }
}

/// A function's configuration.
public struct FunctionInfo: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var runtime: String?
    public var handler: String?
    public var memoryMB: Int?
    public var timeoutSeconds: Int?
    /// ISO 8601.
    public var lastModified: String?
    /// "Active", "Pending", "Inactive", "Failed".
    public var state: String?

    public init(
        name: String, arn: String, runtime: String? = nil, handler: String? = nil, memoryMB: Int? = nil, timeoutSeconds: Int? = nil,
        lastModified: String? = nil, state: String? = nil
    ) {
        self.name = name
        self.arn = arn
        self.runtime = runtime
        self.handler = handler
        self.memoryMB = memoryMB
        self.timeoutSeconds = timeoutSeconds
        self.lastModified = lastModified
        self.state = state
    }
}

public struct FunctionPage: Sendable, Hashable {
    public var functions: [FunctionInfo]
    public var nextPageToken: String?

    public init(functions: [FunctionInfo], nextPageToken: String?) {
        self.functions = functions
        self.nextPageToken = nextPageToken
    }
}

/// Limits every provider applies the same way.
public enum FunctionLimits {
    /// Largest synchronous payload (request and response): 6 MB.
    public static let synchronousPayloadBytes = 6 * 1_024 * 1_024
    /// Largest event payload: 256 KB.
    public static let eventPayloadBytes = 256 * 1_024

    /// `invalid argument` when the payload is larger than the invocation type allows.
    public static func validate(_ request: InvokeRequest) throws(CloudError) {
        guard !request.function.isEmpty else { throw .invalidArgument("a function name is required") }
        let limit = request.type == .event ? eventPayloadBytes : synchronousPayloadBytes
        guard request.payload.count <= limit else {
            throw .invalidArgument("the payload is \(request.payload.count) bytes; \(request.type == .event ? "an event" : "a synchronous invocation") takes at most \(limit)")
        }
    }
}
