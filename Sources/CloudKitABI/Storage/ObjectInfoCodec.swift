import CCloudKitABI
import CloudKitModel

/// `ck_object_info` ↔ `ObjectInfo`: written by a provider for head, put,
/// copy and get; read by the host.
public enum ObjectInfoCodec {
    /// `info` as a `ck_object_info` in `arena`, sized for a reader of `minor`.
    public static func write(_ info: ObjectInfo, _ arena: CArena, minor: UInt32 = ABIAgreement.minor) -> UnsafeMutablePointer<ck_object_info> {
        var c = ck_object_info()
        c.struct_size = ck_object_info.size(forMinor: minor)
        c.bucket = arena.string(info.bucket)
        c.key = arena.string(info.key)
        c.size = info.size
        c.etag = arena.string(info.etag)
        c.content_type = arena.string(info.contentType)
        c.last_modified_ms = ABITime.milliseconds(info.lastModified)
        (c.metadata, c.metadata_count) = arena.pairs(info.metadata)
        if ck_object_info.has(\.property_count, structSize: c.struct_size) {
            (c.properties, c.property_count) = arena.pairs(info.properties)
        }
        return arena.value(c)
    }

    /// A copy of the `ck_object_info` at `pointer`; `what` names it in errors.
    public static func read(_ pointer: UnsafePointer<ck_object_info>?, _ what: String = "object info") throws(CloudError) -> ObjectInfo {
        let c = try ABIStruct.read(pointer, what)
        return ObjectInfo(
            bucket: try ABIInput.string(c.bucket, "\(what).bucket"), key: try ABIInput.string(c.key, "\(what).key"), size: c.size,
            etag: try ABIInput.optionalString(c.etag, "\(what).etag"),
            contentType: try ABIInput.optionalString(c.content_type, "\(what).content_type"),
            lastModified: ABITime.date(c.last_modified_ms),
            metadata: try ABIInput.dictionary(c.metadata, c.metadata_count, "\(what).metadata"),
            properties: try ABIInput.dictionary(c.properties, c.property_count, "\(what).properties"))
    }
}
