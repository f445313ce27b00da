import CCloudKitABI
import CloudKitModel
import Foundation

/// `ck_put_object_request` ↔ `PutObjectRequest`. The write condition
/// travels as the options `if_none_match` ("*") and `if_match` (an ETag).
///
/// A stream body of unknown length travels as `CK_CONTENT_LENGTH_UNKNOWN`
/// (ABI 1.4). The codec reads it whatever minor the host announced: a
/// provider that knows a value serves it, as it serves members it knows.
/// Whether a host may send it is the host's check (`ABIAgreement.acceptsUnknownLength`).
public enum PutObjectRequestCodec {
    /// `CK_CONTENT_LENGTH_UNKNOWN`: `content_length` of a read body whose length is not known (ABI 1.4).
    public static let contentLengthUnknown = Int64(CK_CONTENT_LENGTH_UNKNOWN)

    /// Host side: `request` as a C struct whose strings live in `arena` and
    /// whose body callbacks go through `callbacks`. In-memory bytes are not
    /// copied: the caller points `data`/`data_length` at them for the call.
    public static func write(_ request: PutObjectRequest, _ arena: CArena, _ callbacks: HostBodyCallbacks) -> ck_put_object_request {
        var c = ck_put_object_request()
        c.struct_size = MemoryLayout<ck_put_object_request>.size
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        c.content_type = arena.string(request.contentType)
        (c.metadata, c.metadata_count) = arena.pairs(request.metadata)
        c.content_length = -1
        switch request.body {
        case .bytes: break
        case .file(let path): c.file_path = arena.string(path)
        case .stream(let length, let reader):
            callbacks.reader = reader
            c.read = HostBodyCallbacks.read
            c.read_context = callbacks.pointer
            c.content_length = length ?? contentLengthUnknown
        }
        if let progress = request.progress {
            callbacks.progress = progress
            c.progress = HostBodyCallbacks.reportProgress
            c.progress_context = callbacks.pointer
        }
        var options = request.options
        switch request.condition {
        case nil: break
        case .ifAbsent: options[ObjectOptionKey.ifNoneMatch] = "*"
        case .ifMatch(let etag): options[ObjectOptionKey.ifMatch] = etag
        }
        (c.options, c.option_count) = arena.pairs(options)
        return c
    }

    /// Provider side: a copy of the host's request. The body is the first of
    /// `read`, `file_path`, `data` (copied). Metadata keys are lower-cased.
    public static func read(_ pointer: UnsafePointer<ck_put_object_request>?) throws(CloudError) -> PutObjectRequest {
        let c = try ABIStruct.read(pointer, "put_object request")
        let body: BodySource
        if let read = c.read {
            guard c.content_length >= 0 || c.content_length == contentLengthUnknown else {
                throw .invalidArgument(
                    "content_length must be the exact body length (>= 0), or CK_CONTENT_LENGTH_UNKNOWN (-1), when a read callback is given; not \(c.content_length)")
            }
            let length = c.content_length == contentLengthUnknown ? nil : c.content_length
            body = .stream(length: length, reader: ProviderBodyCallbacks.reader(read, c.read_context))
        } else if let path = try ABIInput.optionalString(c.file_path, "file_path") {
            body = .file(path: path)
        } else {
            body = .bytes(Data(try ABIInput.bytes(c.data, c.data_length, "data")))
        }
        var options = try ABIInput.dictionary(c.options, c.option_count, "options")
        let condition = try condition(taking: &options)
        return PutObjectRequest(
            bucket: try ABIInput.string(c.bucket, "bucket"), key: try ABIInput.string(c.key, "key"), body: body,
            contentType: try ABIInput.optionalString(c.content_type, "content_type"),
            metadata: try ABIInput.dictionary(c.metadata, c.metadata_count, "metadata", lowercasingKeys: true),
            condition: condition, options: options,
            progress: ProviderBodyCallbacks.progress(c.progress, c.progress_context))
    }

    /// The option keys that carry `condition` across the ABI.
    public static func conditionKeys(_ condition: ObjectWriteCondition?) -> [String] {
        switch condition {
        case nil: []
        case .ifAbsent: [ObjectOptionKey.ifNoneMatch]
        case .ifMatch: [ObjectOptionKey.ifMatch]
        }
    }

    /// Takes `if_none_match` / `if_match` out of `options` as a write condition.
    static func condition(taking options: inout [String: String]) throws(CloudError) -> ObjectWriteCondition? {
        let condition = try ObjectOptionRules.writeCondition(nil, options: options)
        options[ObjectOptionKey.ifNoneMatch] = nil
        options[ObjectOptionKey.ifMatch] = nil
        return condition
    }
}
