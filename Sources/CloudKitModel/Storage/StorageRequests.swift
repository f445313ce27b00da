import Foundation

/// An inclusive byte range of an object; `end == nil` reads to the end.
public struct ByteRange: Sendable, Hashable {
    public var start: Int64
    public var end: Int64?

    public init(start: Int64, end: Int64? = nil) {
        self.start = start
        self.end = end
    }

    /// The HTTP `Range` header value, e.g. `bytes=0-99`.
    public var httpHeaderValue: String { "bytes=\(start)-\(end.map(String.init) ?? "")" }
}

/// Where the bytes of an upload come from.
public enum BodySource: Sendable {
    /// The whole body in memory.
    case bytes(Data)
    /// Streamed from a file.
    case file(path: String)
    /// Pulled through a reader until it returns 0. `length` is the exact
    /// body length, or nil when it is not known in advance (a pipe, a
    /// generated stream): the provider then stores what the reader gives,
    /// in bounded memory. A provider of ABI 1.4 or later takes such a body
    /// as it comes; for an older one the host first spools it to a
    /// temporary file to learn its length. Progress of such a put reports
    /// a total of -1 (while spooling, too).
    case stream(length: Int64?, reader: BodyReader)
}

/// Pulls a body piece by piece: fills the buffer and returns the count, 0 at the end.
/// Throws to abort the upload. Called from one thread at a time.
public struct BodyReader: Sendable {
    public let read: @Sendable (UnsafeMutableRawBufferPointer) throws -> Int

    public init(_ read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.read = read
    }
}

/// Where the bytes of a download go.
public enum BodySink: Sendable {
    /// Collected in memory and returned.
    case memory
    /// Written to a file atomically (whole or not at all).
    case file(path: String)
    /// Pushed through a writer; throwing aborts the download.
    case stream(BodyWriter)
}

/// Receives a body piece by piece. Called from one thread at a time.
public struct BodyWriter: Sendable {
    public let write: @Sendable (UnsafeRawBufferPointer) throws -> Void

    public init(_ write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void) {
        self.write = write
    }
}

/// Reports progress of a body: bytes done, total (-1 when unknown).
public typealias ProgressHandler = @Sendable (_ done: Int64, _ total: Int64) -> Void

/// A request to store an object.
public struct PutObjectRequest: Sendable {
    public var bucket: String
    public var key: String
    public var body: BodySource
    public var contentType: String?
    public var metadata: [String: String]
    /// The condition the write must meet (nil: none).
    public var condition: ObjectWriteCondition?
    /// Per-call options (`ObjectOptionKey.stored`, or the provider's own keys).
    public var options: [String: String]
    public var progress: ProgressHandler?

    public init(
        bucket: String, key: String, body: BodySource, contentType: String? = nil,
        metadata: [String: String] = [:], condition: ObjectWriteCondition? = nil, options: [String: String] = [:],
        progress: ProgressHandler? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.body = body
        self.contentType = contentType
        self.metadata = metadata
        self.condition = condition
        self.options = options
        self.progress = progress
    }
}

/// A request to read an object, whole or a byte range.
public struct GetObjectRequest: Sendable {
    public var bucket: String
    public var key: String
    public var range: ByteRange?
    public var sink: BodySink
    /// Per-call options (`ObjectOptionKey.get`, or the provider's own keys).
    public var options: [String: String]
    public var progress: ProgressHandler?
    /// For `.memory`: the memory the body lands in, lent by whoever called
    /// the provider (the ABI's `reserve`, 1.6); nil (the default): the
    /// provider's own. Set by the provider kit from the C request; a
    /// provider that knows the body's length before writing it uses it,
    /// others may ignore it. The Swift host lends its own memory and
    /// ignores a value given here.
    public var memory: BodyMemory?

    public init(
        bucket: String, key: String, range: ByteRange? = nil, sink: BodySink = .memory,
        options: [String: String] = [:], progress: ProgressHandler? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.range = range
        self.sink = sink
        self.options = options
        self.progress = progress
    }
}

/// The result of a read: the object's description and, for `.memory`, its bytes.
public struct GetObjectResult: Sendable {
    public var info: ObjectInfo
    public var data: Data?

    public init(info: ObjectInfo, data: Data?) {
        self.info = info
        self.data = data
    }
}

/// A request to list keys.
public struct ListObjectsRequest: Sendable, Hashable {
    public var bucket: String
    public var prefix: String?
    public var delimiter: String?
    public var pageToken: String?
    /// 0 means the provider's default (1000).
    public var maxKeys: Int

    public init(bucket: String, prefix: String? = nil, delimiter: String? = nil, pageToken: String? = nil, maxKeys: Int = 0) {
        self.bucket = bucket
        self.prefix = prefix
        self.delimiter = delimiter
        self.pageToken = pageToken
        self.maxKeys = maxKeys
    }
}

/// A server-side copy; content type and metadata travel with the bytes.
public struct CopyObjectRequest: Sendable, Hashable {
    public var sourceBucket: String
    public var sourceKey: String
    public var bucket: String
    public var key: String
    /// Per-call options (`ObjectOptionKey.copy`, or the provider's own keys);
    /// when any stored key is given, the copy gets these instead of the source's.
    public var options: [String: String]

    public init(sourceBucket: String, sourceKey: String, bucket: String, key: String, options: [String: String] = [:]) {
        self.sourceBucket = sourceBucket
        self.sourceKey = sourceKey
        self.bucket = bucket
        self.key = key
        self.options = options
    }
}

/// The HTTP method a presigned URL allows.
public enum PresignMethod: String, Sendable, Hashable {
    case get = "GET"
    case put = "PUT"
}

/// A request for a URL that lets its holder read or write one object.
public struct PresignRequest: Sendable, Hashable {
    public var bucket: String
    public var key: String
    public var method: PresignMethod
    /// 1 ... 604800 seconds.
    public var expiresSeconds: Int64

    public init(bucket: String, key: String, method: PresignMethod = .get, expiresSeconds: Int64 = 3600) {
        self.bucket = bucket
        self.key = key
        self.method = method
        self.expiresSeconds = expiresSeconds
    }
}
