import CloudKitModel
import Foundation

/// The record kept beside an object's bytes: everything `head` returns and
/// the name of the blob file holding the bytes. Replacing the record (an
/// atomic rename) is what commits a new version of the object.
struct ObjectRecord: Codable, Sendable {
    var key: String
    var size: Int64
    var etag: String
    var contentType: String
    var lastModifiedMilliseconds: Int64
    var metadata: [String: String]
    /// File name of the bytes, in the same folder as the record.
    var blob: String

    func info(bucket: String) -> ObjectInfo {
        ObjectInfo(
            bucket: bucket, key: key, size: size, etag: etag, contentType: contentType,
            lastModified: Date(timeIntervalSince1970: Double(lastModifiedMilliseconds) / 1000), metadata: metadata)
    }

    /// Reads the record at `path`; nil when there is none.
    static func read(_ path: String) throws(CloudError) -> ObjectRecord? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileSystem.exists(path) { throw FileSystem.error("cannot read", path, EACCES) }
            return nil
        }
        do {
            return try JSONDecoder().decode(ObjectRecord.self, from: data)
        } catch {
            throw CloudError(.internal, "object record \(path) is damaged: \(error.localizedDescription)", code: "IOError")
        }
    }

    func encoded() throws(CloudError) -> Data {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(self)
        } catch {
            throw CloudError(.internal, "cannot encode object record: \(error.localizedDescription)")
        }
    }
}
