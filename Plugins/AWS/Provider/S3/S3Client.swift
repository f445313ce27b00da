import AWSAuth
import AWSHTTP
import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// Object storage on Amazon S3 (REST-XML, SigV4), implementing `ObjectStorage`.
///
/// Every request is signed just before it is sent (and again on a retry),
/// with credentials from the chain. Bodies are signed with their SHA-256:
/// small files and streams are read into memory first, large ones go in
/// parts (`S3Client+Multipart`), streams of unknown length part by part as
/// they fill (`S3Client+StreamUpload`); only a body larger than both limits
/// streams as `UNSIGNED-PAYLOAD`.
public final class S3Client: ObjectStorage {
    let pipeline: AWSRequestPipeline
    let addressing: S3Addressing
    let multipart: S3MultipartSettings
    var logger: ProviderLogger { pipeline.logger }

    public init(configuration: AWSConfiguration, transport: CurlTransport, credentials: any CredentialProvider, logger: ProviderLogger) throws(CloudError) {
        addressing = try S3Addressing(configuration: configuration)
        pipeline = AWSRequestPipeline(
            name: "S3", signer: SigV4Signer(region: configuration.region, service: "s3", normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true),
            configuration: configuration, transport: transport, credentials: credentials, logger: logger)
        multipart = configuration.multipart
    }

    // MARK: Sending

    struct Call {
        var method: String
        var bucket: String?
        var key: String?
        var query: [QueryItem] = []
        var headers: [HTTPHeader] = []
        var body: BodySource?
        var sink: BodySink = .memory
        var progress: ProgressHandler?
        /// S3 may answer this call 200 and report a failure in the body
        /// (`CopyObject`, `UploadPartCopy`, `CompleteMultipartUpload`): the
        /// body is redacted like an error reply's (see `AWSReply`).
        var failuresInReply = false
        /// `.transfer` for object bodies and server-side copies: only the stall limit
        /// applies, not the request timeout of calls with small replies.
        var timeLimit: HTTPTimeLimit = .call()
        /// Checks a 2xx reply before its body is read (a GET's range; see `S3ReplyRange`).
        var replyCheck: ReplyCheck?
        /// Where a 2xx reply's body is written in place (a part of a ranged download).
        var placement: ReplyPlacement?
    }

    /// Sends `call` through the pipeline (signed, under the retry policy; a
    /// stream reply retried until its first byte); a non-2xx reply becomes a
    /// `CloudError`, its text redacted (`AWSReply`). Only POST is not idempotent.
    func send(_ call: Call) async throws(CloudError) -> HTTPResponse {
        try await pipeline.send(AWSRequest(
            method: call.method, target: addressing.target(bucket: call.bucket, key: call.key), query: call.query, headers: call.headers,
            body: call.body, sink: call.sink, progress: call.progress, timeLimit: call.timeLimit, replyCheck: call.replyCheck,
            placement: call.placement, idempotent: call.method != "POST", failuresInReply: call.failuresInReply))
    }

    func validate(bucket: String, key: String? = nil) throws(CloudError) {
        try StorageNames.validateBucket(bucket)
        if let key { try StorageNames.validateKey(key) }
    }

    /// The object described by response headers.
    func info(bucket: String, key: String, headers: [HTTPHeader]) -> ObjectInfo {
        var size = headers.integer(named: "Content-Length") ?? 0
        if let range = headers.first(named: "Content-Range"), let slash = range.lastIndex(of: "/"), let total = Int64(range[range.index(after: slash)...]) {
            size = total
        }
        var metadata: [String: String] = [:]
        for header in headers where header.nameHasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        return ObjectInfo(
            bucket: bucket, key: key, size: size, etag: headers.first(named: "ETag"), contentType: headers.first(named: "Content-Type"),
            lastModified: headers.first(named: "Last-Modified").flatMap(HTTPDate.parse), metadata: metadata,
            properties: S3ObjectProperties.from(headers))
    }

    // MARK: ObjectStorage

    public func createBucket(_ bucket: String) async throws(CloudError) {
        try validate(bucket: bucket)
        // In us-east-1 S3 answers 200 to creating a bucket you already own;
        // cloudkit reports `already exists` everywhere, as other regions do.
        if try await bucketExists(bucket) {
            throw CloudError(.alreadyExists, "bucket '\(bucket)' already exists and is yours", code: "BucketAlreadyOwnedByYou", httpStatus: 409)
        }
        var call = Call(method: "PUT", bucket: bucket)
        if addressing.region != "us-east-1" {
            let xml = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(addressing.region)</LocationConstraint></CreateBucketConfiguration>"
            call.body = .bytes(Data(xml.utf8))
            call.headers.append(HTTPHeader("Content-Type", "application/xml"))
        }
        _ = try await send(call)
    }

    /// HEAD on the bucket: true when it exists and is reachable with these credentials.
    func bucketExists(_ bucket: String) async throws(CloudError) -> Bool {
        do {
            _ = try await send(Call(method: "HEAD", bucket: bucket))
            return true
        } catch where error.kind == .notFound {
            return false
        }
    }

    public func deleteBucket(_ bucket: String) async throws(CloudError) {
        try validate(bucket: bucket)
        _ = try await send(Call(method: "DELETE", bucket: bucket))
    }

    /// Stores an object with a single PUT, or in parts when it is large; a
    /// stream of unknown length as its parts fill (`putStream`).
    /// Stored options go in their headers (`S3ObjectOptions`); the condition
    /// as `If-None-Match: *` or `If-Match` (on a multipart upload, on its
    /// completion); a failed one is `precondition failed`.
    public func putObject(_ request: PutObjectRequest) async throws(CloudError) -> ObjectInfo {
        try validate(bucket: request.bucket, key: request.key)
        let stored = try S3ObjectOptions.stored(request.options, allowed: ObjectOptionKey.put, operation: "a put")
        let condition = try ObjectOptionRules.writeCondition(request.condition, options: request.options)
        var request = request
        request.metadata = try ObjectMetadata.normalize(request.metadata)
        var call = Call(
            method: "PUT", bucket: request.bucket, key: request.key, body: request.body, progress: request.progress, timeLimit: .transfer)
        if let contentType = request.contentType { call.headers.append(HTTPHeader("Content-Type", try ObjectMetadata.contentType(contentType))) }
        for (name, value) in request.metadata.sorted(by: { $0.key < $1.key }) {
            call.headers.append(HTTPHeader("x-amz-meta-\(name)", value))
        }
        call.headers += S3ObjectOptions.headers(stored)
        let size: Int64
        switch request.body {
        case .bytes(let data): size = Int64(data.count)
        case .stream(let length?, _): size = length
        case .stream(nil, let reader):
            return try await putStream(request, reader: reader, single: call, stored: stored, condition: condition)
        case .file(let path):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let bytes = attributes[.size] as? NSNumber else {
                throw CloudError(.notFound, "cannot read \(path)", code: "NoSuchFile")
            }
            size = bytes.int64Value
        }
        if multipart.usesParts(forSize: size) {
            return try await putInParts(request, size: size, stored: stored, condition: condition)
        }
        if size <= Self.bufferedBodyLimit, let buffered = try await bufferedBody(request.body, size: size) { call.body = .bytes(buffered) }
        return try await putOnce(call, request, size: size, stored: stored, condition: condition)
    }

    /// Sends `call`, a whole put of `size` bytes, with `condition`; the
    /// object's description (`request.metadata` already normalised).
    func putOnce(
        _ call: Call, _ request: PutObjectRequest, size: Int64, stored: [String: String], condition: ObjectWriteCondition?
    ) async throws(CloudError) -> ObjectInfo {
        var call = call
        call.headers += S3Conditions.headers(condition)
        let response: HTTPResponse
        do {
            response = try await send(call)
        } catch {
            throw S3Conditions.mapped(error, condition: condition)
        }
        return ObjectInfo(
            bucket: request.bucket, key: request.key, size: size, etag: response.headers.first(named: "ETag"),
            contentType: request.contentType ?? ObjectMetadata.defaultContentType, lastModified: nil,
            metadata: request.metadata, properties: S3ObjectProperties.afterPut(stored, reply: response.headers))
    }

    /// File and stream bodies up to this size are read into memory before a
    /// single PUT, so they are signed with their SHA-256 (S3 then refuses a
    /// body damaged on the way) and can be sent again on a retry. Larger ones
    /// go in parts, or stream as `UNSIGNED-PAYLOAD` when the multipart
    /// threshold was raised above this.
    static let bufferedBodyLimit: Int64 = 16 << 20

    /// The whole of a file or stream `body` of `size` bytes; nil for bytes already in memory.
    func bufferedBody(_ body: BodySource, size: Int64) async throws(CloudError) -> Data? {
        if case .bytes = body { return nil }
        return try await BlockingIO.run(.transfers) { _ throws(CloudError) in
            let reader = try S3PartReader(body, length: size)
            let data = try reader.next(Int(size))
            try reader.finish()
            return data
        }
    }

    /// Reads an object. The `if_match`, `if_none_match` and
    /// `if_modified_since` options become conditional headers: a failed
    /// `if_match` is `precondition failed`, and so is "not modified" (304,
    /// code `NotModified`).
    public func getObject(_ request: GetObjectRequest) async throws(CloudError) -> GetObjectResult {
        try validate(bucket: request.bucket, key: request.key)
        _ = try S3ObjectOptions.stored(request.options, allowed: ObjectOptionKey.get, operation: "a get")
        let conditions = try S3Conditions.readHeaders(request.options)
        do {
            // Whole objects come in parallel ranges (to a stream, handed on in order).
            return request.range == nil
                ? try await getInParts(request, conditions: conditions) : try await getOnce(request, conditions: conditions)
        } catch where error.httpStatus == 304 {
            throw CloudError(
                .preconditionFailed, "'\(request.key)' in bucket '\(request.bucket)' is not modified (if_none_match / if_modified_since)",
                code: "NotModified", httpStatus: 304, requestID: error.requestID)
        }
    }

    /// One GET of the object, or of `request.range`, into the request's sink, with `conditions` (headers).
    func getOnce(_ request: GetObjectRequest, conditions: [HTTPHeader]) async throws(CloudError) -> GetObjectResult {
        var call = Call(
            method: "GET", bucket: request.bucket, key: request.key, sink: request.sink, progress: request.progress, timeLimit: .transfer,
            replyCheck: S3ReplyRange.check(asked: request.range))
        call.headers += conditions
        if let range = request.range { call.headers.append(HTTPHeader("Range", range.httpHeaderValue)) }
        let response = try await send(call)
        let info = info(bucket: request.bucket, key: request.key, headers: response.headers)
        if case .memory = request.sink { return GetObjectResult(info: info, data: response.body) }
        return GetObjectResult(info: info, data: nil)
    }

    public func headObject(bucket: String, key: String) async throws(CloudError) -> ObjectInfo {
        try validate(bucket: bucket, key: key)
        do {
            let response = try await send(Call(method: "HEAD", bucket: bucket, key: key))
            return info(bucket: bucket, key: key, headers: response.headers)
        } catch where error.httpStatus == 404 && error.code == "NotFound" {
            // HEAD replies carry no body, so S3's code is not known; name it as GET would.
            var named = error
            named.code = "NoSuchKey"
            named.message = "no object '\(key)' in bucket '\(bucket)'"
            throw named
        }
    }

    public func deleteObject(bucket: String, key: String) async throws(CloudError) {
        try validate(bucket: bucket, key: key)
        _ = try await send(Call(method: "DELETE", bucket: bucket, key: key))
    }

    /// One `ListObjectsV2` page. A page marked truncated without a token
    /// (`TruncatedWithoutToken`), or one handing back the token it was asked
    /// with (`RepeatedPageToken`), is `internal`: a caller's loop would never end.
    public func listObjects(_ request: ListObjectsRequest) async throws(CloudError) -> ObjectListing {
        try validate(bucket: request.bucket)
        guard (0...1000).contains(request.maxKeys) else { throw .invalidArgument("max keys must be 0 to 1000") }
        var query = [QueryItem("list-type", "2"), QueryItem("encoding-type", "url")]
        if let prefix = request.prefix, !prefix.isEmpty { query.append(QueryItem("prefix", prefix)) }
        if let delimiter = request.delimiter, !delimiter.isEmpty { query.append(QueryItem("delimiter", delimiter)) }
        if let token = request.pageToken { query.append(QueryItem("continuation-token", token)) }
        if request.maxKeys > 0 { query.append(QueryItem("max-keys", String(request.maxKeys))) }
        let response = try await send(Call(method: "GET", bucket: request.bucket, query: query))
        let listing = try S3ListParser.parse(response.body)
        if let next = listing.nextPageToken {
            // The token just sent, handed back, would make the caller's loop run forever.
            var tokens = PageTokenGuard("S3 ListObjectsV2", start: request.pageToken)
            try tokens.accept(next)
        }
        return listing
    }

    /// Copies inside S3. With no stored option the copy keeps the source's
    /// content type, metadata, headers and tags (S3's `COPY` directives);
    /// with any, it gets those options instead (`REPLACE`), keeping the
    /// source's content type and metadata, pinned to the source's ETag.
    public func copyObject(_ request: CopyObjectRequest) async throws(CloudError) -> ObjectInfo {
        try validate(bucket: request.sourceBucket, key: request.sourceKey)
        try validate(bucket: request.bucket, key: request.key)
        let stored = try S3ObjectOptions.stored(request.options, allowed: ObjectOptionKey.copy, operation: "a copy")
        let sourceInfo = try await headObject(bucket: request.sourceBucket, key: request.sourceKey)
        if multipart.usesParts(forSize: sourceInfo.size) { return try await copyInParts(request, source: sourceInfo, stored: stored) }
        let source = SigV4Signer.encodePath("/\(request.sourceBucket)/\(request.sourceKey)")
        var headers = [HTTPHeader("x-amz-copy-source", source)]
        if !stored.isEmpty { headers += S3ObjectOptions.replacingHeaders(source: sourceInfo, stored: stored) }
        let response = try await send(Call(
            method: "PUT", bucket: request.bucket, key: request.key, headers: headers, failuresInReply: true, timeLimit: .transfer))
        if let error = AWSErrorMapper.embeddedError(in: response) { throw error }
        return try await headObject(bucket: request.bucket, key: request.key)
    }

    public func presign(_ request: PresignRequest) async throws(CloudError) -> String {
        try validate(bucket: request.bucket, key: request.key)
        try StorageNames.validateExpiry(request.expiresSeconds)
        let credentials = try await pipeline.credentials.resolve()
        let target = addressing.target(bucket: request.bucket, key: request.key)
        let signed = pipeline.signer.presign(
            SignableRequest(method: request.method.rawValue, path: target.path, headers: [HTTPHeader("Host", target.host)]), payload: .unsigned,
            credentials: credentials, date: Date(), expiresSeconds: Int(request.expiresSeconds))
        return target.url(query: signed.request.query)
    }
}
