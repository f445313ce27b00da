import CCloudKitABI
import CloudKitCInterop
import CloudKitModel
import Foundation

/// Swift storage values → C structs living in an arena.
enum StorageConversions {
    static func milliseconds(_ date: Date?) -> Int64 {
        guard let date else { return 0 }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func objectInfo(_ info: ObjectInfo, _ arena: CArena) -> UnsafeMutablePointer<ck_object_info> {
        let pairs = info.metadata.sorted { $0.key < $1.key }.map { ck_pair(key: arena.string($0.key), value: arena.string($0.value)) }
        return arena.value(ck_object_info(
            struct_size: MemoryLayout<ck_object_info>.size, bucket: arena.string(info.bucket), key: arena.string(info.key),
            size: info.size, etag: arena.string(info.etag), content_type: arena.string(info.contentType),
            last_modified_ms: milliseconds(info.lastModified), metadata: arena.array(pairs), metadata_count: pairs.count))
    }

    static func listing(_ listing: ObjectListing, _ arena: CArena) -> UnsafeMutablePointer<ck_list_objects_result> {
        let summaries: [UnsafePointer<ck_object_summary>?] = listing.objects.map { object in
            UnsafePointer(arena.value(ck_object_summary(
                struct_size: MemoryLayout<ck_object_summary>.size, key: arena.string(object.key), size: object.size,
                etag: arena.string(object.etag), last_modified_ms: milliseconds(object.lastModified))))
        }
        let prefixes = listing.commonPrefixes.map { arena.string($0) }
        return arena.value(ck_list_objects_result(
            struct_size: MemoryLayout<ck_list_objects_result>.size, objects: arena.array(summaries).map { UnsafePointer($0) },
            object_count: summaries.count, common_prefixes: arena.array(prefixes).map { UnsafePointer($0) },
            common_prefix_count: prefixes.count, next_page_token: arena.string(listing.nextPageToken)))
    }
}

/// C storage requests → Swift requests. Callback contexts (read, write,
/// progress) must stay valid until the completion fires, as the header says.
enum StorageRequests {
    static func progress(_ function: ck_progress_fn?, _ context: UnsafeMutableRawPointer?) -> ProgressHandler? {
        guard let function else { return nil }
        let captured = UncheckedSendable((function, context))
        return { done, total in captured.value.0(captured.value.1, done, total) }
    }

    static func put(_ pointer: UnsafePointer<ck_put_object_request>?) throws(CloudError) -> PutObjectRequest {
        let request = try CInput.request(pointer, minimumSize: MemoryLayout<ck_put_object_request>.size, "put_object request")
        let body: BodySource
        if let read = request.read {
            guard request.content_length >= 0 else {
                throw .invalidArgument("content_length must be the exact body length (>= 0) when a read callback is given")
            }
            let captured = UncheckedSendable((read, request.read_context))
            body = .stream(length: request.content_length, reader: BodyReader { buffer throws(CloudError) in
                guard let base = buffer.baseAddress else { return 0 }
                let count = captured.value.0(captured.value.1, base.assumingMemoryBound(to: UInt8.self), buffer.count)
                guard count >= 0, count <= buffer.count else {
                    throw CloudError(.cancelled, "the body read callback aborted the upload")
                }
                return Int(count)
            })
        } else if let path = try CInput.optionalString(request.file_path, "file_path") {
            body = .file(path: path)
        } else {
            body = .bytes(Data(try CInput.bytes(request.data, request.data_length, "data")))
        }
        let metadata = try CInput.pairs(request.metadata, request.metadata_count, "metadata")
        var dictionary: [String: String] = [:]
        for (key, value) in metadata { dictionary[key.lowercased()] = value }
        return PutObjectRequest(
            bucket: try CInput.string(request.bucket, "bucket"), key: try CInput.string(request.key, "key"), body: body,
            contentType: try CInput.optionalString(request.content_type, "content_type"), metadata: dictionary,
            progress: progress(request.progress, request.progress_context))
    }

    static func get(_ pointer: UnsafePointer<ck_get_object_request>?) throws(CloudError) -> GetObjectRequest {
        let request = try CInput.request(pointer, minimumSize: MemoryLayout<ck_get_object_request>.size, "get_object request")
        var range: ByteRange?
        if request.has_range != 0 {
            guard request.range_start >= 0, request.range_end == -1 || request.range_end >= request.range_start else {
                throw .invalidArgument("range \(request.range_start)-\(request.range_end) is not a valid byte range")
            }
            range = ByteRange(start: request.range_start, end: request.range_end == -1 ? nil : request.range_end)
        }
        let sink: BodySink
        if let write = request.write {
            let captured = UncheckedSendable((write, request.write_context))
            sink = .stream(BodyWriter { buffer throws(CloudError) in
                guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
                if captured.value.0(captured.value.1, base.assumingMemoryBound(to: UInt8.self), buffer.count) != 0 {
                    throw CloudError(.cancelled, "the body write callback aborted the download")
                }
            })
        } else if let path = try CInput.optionalString(request.file_path, "file_path") {
            sink = .file(path: path)
        } else {
            sink = .memory
        }
        return GetObjectRequest(
            bucket: try CInput.string(request.bucket, "bucket"), key: try CInput.string(request.key, "key"), range: range,
            sink: sink, progress: progress(request.progress, request.progress_context))
    }

    static func list(_ pointer: UnsafePointer<ck_list_objects_request>?) throws(CloudError) -> ListObjectsRequest {
        let request = try CInput.request(pointer, minimumSize: MemoryLayout<ck_list_objects_request>.size, "list_objects request")
        guard request.max_keys >= 0 else { throw .invalidArgument("max_keys must not be negative") }
        return ListObjectsRequest(
            bucket: try CInput.string(request.bucket, "bucket"), prefix: try CInput.optionalString(request.prefix, "prefix"),
            delimiter: try CInput.optionalString(request.delimiter, "delimiter"),
            pageToken: try CInput.optionalString(request.page_token, "page_token"), maxKeys: Int(request.max_keys))
    }

    static func copy(_ pointer: UnsafePointer<ck_copy_object_request>?) throws(CloudError) -> CopyObjectRequest {
        let request = try CInput.request(pointer, minimumSize: MemoryLayout<ck_copy_object_request>.size, "copy_object request")
        return CopyObjectRequest(
            sourceBucket: try CInput.string(request.source_bucket, "source_bucket"),
            sourceKey: try CInput.string(request.source_key, "source_key"),
            bucket: try CInput.string(request.bucket, "bucket"), key: try CInput.string(request.key, "key"))
    }

    static func presign(_ pointer: UnsafePointer<ck_presign_request>?) throws(CloudError) -> PresignRequest {
        let request = try CInput.request(pointer, minimumSize: MemoryLayout<ck_presign_request>.size, "presign request")
        let methodText = try CInput.string(request.method, "method").uppercased()
        guard let method = PresignMethod(rawValue: methodText) else {
            throw .invalidArgument("method must be GET or PUT, not '\(methodText)'")
        }
        return PresignRequest(
            bucket: try CInput.string(request.bucket, "bucket"), key: try CInput.string(request.key, "key"), method: method,
            expiresSeconds: request.expires_seconds)
    }
}
