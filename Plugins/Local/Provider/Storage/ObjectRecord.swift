import CloudKitModel
import Foundation

/// The record kept beside an object's bytes: everything `head` returns, the
/// full key (which hashed file names do not spell out) and the name of the
/// blob file holding the bytes, in the same folder. Replacing the record (an
/// atomic rename) is what commits a new version of the object.
struct ObjectRecord: Codable, Sendable, Hashable {
    var key: String
    var size: Int64
    var etag: String
    var contentType: String
    var lastModifiedMilliseconds: Int64
    var metadata: [String: String]
    var blob: String
    /// Stored options (`cache_control`, `content_encoding`,
    /// `content_disposition`, `tags`); nil when there are none, and in
    /// records written before objects had them, which therefore still read.
    var properties: [String: String]?

    /// Records are small; anything bigger is not one of ours.
    static let maximumBytes = 64 * 1024

    func info(bucket: String) -> ObjectInfo {
        ObjectInfo(
            bucket: bucket, key: key, size: size, etag: etag, contentType: contentType,
            lastModified: Date(timeIntervalSince1970: Double(lastModifiedMilliseconds) / 1000), metadata: metadata,
            properties: LocalObjectOptions.reported(properties ?? [:]))
    }

    func summary() -> ObjectSummary {
        ObjectSummary(key: key, size: size, etag: etag, lastModified: Date(timeIntervalSince1970: Double(lastModifiedMilliseconds) / 1000))
    }

    /// Now, in the record's resolution.
    static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// The file name of the blob, checked to be what this provider writes
    /// for `path` (`<leaf>.<uuid>.object`, in the record's own folder): a
    /// record edited to name anything else — `../../x`, another object's
    /// blob — is `internal` (`CorruptRecord`) and its blob is never opened
    /// or removed.
    func blobName(for path: ObjectKeyPath) throws(CloudError) -> String {
        guard path.isBlobName(blob) else {
            throw CloudError(
                .internal, "the record of '\(key)' names the blob '\(blob.prefix(300))', which is not one of its own; the record is damaged or was edited",
                code: "CorruptRecord")
        }
        return blob
    }

    /// Reads the record at `path`; nil when there is none.
    static func read(_ path: RootedPath) throws(CloudError) -> ObjectRecord? {
        guard let data = try FileSystem.readSmallFile(path, limit: maximumBytes) else { return nil }
        return try decoded(data, at: path)
    }

    /// The record named `name` in the open `folder`; nil when there is none.
    static func read(_ name: String, in folder: OpenFolder) throws(CloudError) -> ObjectRecord? {
        guard let data = try folder.readSmallFile(name, limit: maximumBytes) else { return nil }
        return try decoded(data, at: folder.path.appending(name))
    }

    /// The record in `data`, read from `path` (spelled out only for the
    /// error); a record that does not parse is damaged (`internal`).
    static func decoded(_ data: Data, at path: @autoclosure () -> RootedPath) throws(CloudError) -> ObjectRecord {
        do throws(CloudError) {
            return try ObjectRecord(jsonBytes: data)
        } catch {
            throw CloudError(.internal, "object record \(path()) is damaged: \(error.message)", code: "IOError")
        }
    }

    /// The record's file content (see `ObjectRecord+JSON`).
    func encoded() -> Data { Data(jsonText.utf8) }
}
