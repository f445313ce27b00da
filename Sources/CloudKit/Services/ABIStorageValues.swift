import CCloudKitABI
import Foundation

/// C storage results → Swift values (copied: the C data dies with the callback).
enum ABIStorageValues {
    static func date(_ milliseconds: Int64) -> Date? {
        milliseconds == 0 ? nil : Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static func objectInfo(_ pointer: UnsafePointer<ck_object_info>?) -> ObjectInfo? {
        guard let info = pointer?.pointee else { return nil }
        var metadata: [String: String] = [:]
        if let pairs = info.metadata {
            for index in 0..<info.metadata_count {
                if let key = CText.string(pairs[index].key) { metadata[key] = CText.string(pairs[index].value) ?? "" }
            }
        }
        return ObjectInfo(
            bucket: CText.string(info.bucket) ?? "", key: CText.string(info.key) ?? "", size: info.size,
            etag: CText.string(info.etag), contentType: CText.string(info.content_type),
            lastModified: date(info.last_modified_ms), metadata: metadata)
    }

    static func listing(_ pointer: UnsafePointer<ck_list_objects_result>?) -> ObjectListing? {
        guard let result = pointer?.pointee else { return nil }
        var objects: [ObjectSummary] = []
        if let list = result.objects {
            for index in 0..<result.object_count {
                guard let summary = list[index]?.pointee else { continue }
                objects.append(ObjectSummary(
                    key: CText.string(summary.key) ?? "", size: summary.size, etag: CText.string(summary.etag),
                    lastModified: date(summary.last_modified_ms)))
            }
        }
        var prefixes: [String] = []
        if let list = result.common_prefixes {
            for index in 0..<result.common_prefix_count {
                if let prefix = CText.string(list[index]) { prefixes.append(prefix) }
            }
        }
        return ObjectListing(objects: objects, commonPrefixes: prefixes, nextPageToken: CText.string(result.next_page_token))
    }

    /// A completion for callbacks that yield an object info.
    static let infoCallback: ck_object_info_fn = { userData, status, info in
        if let error = CloudError(status: status) {
            ABICompletion<ObjectInfo>.finish(userData, .failure(error))
        } else if let info = objectInfo(info) {
            ABICompletion<ObjectInfo>.finish(userData, .success(info))
        } else {
            ABICompletion<ObjectInfo>.finish(userData, .failure(.internal("the provider reported success without object info")))
        }
    }

    static let doneCallback: ck_done_fn = { userData, status in
        ABICompletion<Void>.finish(userData, CloudError(status: status).map { .failure($0) } ?? .success(()))
    }
}

/// Keeps the Swift closures behind C read/write/progress callbacks alive for
/// the duration of one call; passed as their context pointer.
final class ABIBodyContext: @unchecked Sendable {
    var reader: BodyReader?
    var writer: BodyWriter?
    var progress: ProgressHandler?

    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ABIBodyContext? {
        pointer.map { Unmanaged<ABIBodyContext>.fromOpaque($0).takeUnretainedValue() }
    }

    static let read: ck_read_fn = { context, buffer, capacity in
        guard let reader = from(context)?.reader, let buffer else { return -1 }
        do {
            return Int64(try reader.read(UnsafeMutableRawBufferPointer(start: buffer, count: capacity)))
        } catch {
            return -1
        }
    }

    static let write: ck_write_fn = { context, data, length in
        guard let writer = from(context)?.writer else { return 1 }
        do {
            try writer.write(UnsafeRawBufferPointer(start: data, count: length))
            return 0
        } catch {
            return 1
        }
    }

    static let progressCallback: ck_progress_fn = { context, done, total in
        from(context)?.progress?(done, total)
    }
}
