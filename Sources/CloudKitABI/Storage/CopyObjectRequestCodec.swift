import CCloudKitABI
import CloudKitModel

/// `ck_copy_object_request` ↔ `CopyObjectRequest`.
public enum CopyObjectRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: CopyObjectRequest, _ arena: CArena) -> ck_copy_object_request {
        var c = ck_copy_object_request()
        c.struct_size = MemoryLayout<ck_copy_object_request>.size
        c.source_bucket = arena.string(request.sourceBucket)
        c.source_key = arena.string(request.sourceKey)
        c.bucket = arena.string(request.bucket)
        c.key = arena.string(request.key)
        (c.options, c.option_count) = arena.pairs(request.options)
        return c
    }

    /// Provider side: a copy of the host's request.
    public static func read(_ pointer: UnsafePointer<ck_copy_object_request>?) throws(CloudError) -> CopyObjectRequest {
        let c = try ABIStruct.read(pointer, "copy_object request")
        return CopyObjectRequest(
            sourceBucket: try ABIInput.string(c.source_bucket, "source_bucket"),
            sourceKey: try ABIInput.string(c.source_key, "source_key"),
            bucket: try ABIInput.string(c.bucket, "bucket"), key: try ABIInput.string(c.key, "key"),
            options: try ABIInput.dictionary(c.options, c.option_count, "options"))
    }
}
