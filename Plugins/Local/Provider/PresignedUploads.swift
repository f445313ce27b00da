import CloudKitModel
import Foundation

/// Presigned PUT for the local provider.
///
/// A presigned PUT URL is a `file://` URL of `body` inside a fresh folder
/// `<bucket>/incoming/<expiry>-<uuid>/`, beside a `key` file naming the
/// object. Whoever holds the URL writes the bytes there (e.g. `curl -T file URL`,
/// or any file copy). The next operation that reads the bucket commits every
/// finished upload through the normal atomic put: an upload counts as finished
/// once its file has not changed for `settleSeconds`. Uploads whose URL expired
/// before the bytes arrived are discarded, so the expiry is enforced.
struct PresignedUploads {
    let store: LocalObjectStore
    static let settleSeconds: TimeInterval = 1

    func folder(_ bucket: String) -> String { "\(store.bucketFolder(bucket))/incoming" }

    /// Prepares an upload slot for `key` and returns its URL.
    func prepare(bucket: String, key: String, expiresSeconds: Int64) throws(CloudError) -> String {
        let expiry = Int64(Date().timeIntervalSince1970) + expiresSeconds
        let slot = "\(folder(bucket))/\(expiry)-\(UUID().uuidString)"
        try FileSystem.makeDirectories(slot)
        try FileSystem.writeAtomically(Data(key.utf8), to: "\(slot)/key", temporaryFolder: store.temporaryFolder(bucket))
        return URL(fileURLWithPath: "\(slot)/body").absoluteString
    }

    /// Commits finished uploads and removes expired slots. Safe to run from
    /// several processes: a slot is claimed by renaming it first.
    func ingest(bucket: String) async throws(CloudError) {
        let now = Date()
        for entry in FileSystem.entries(folder(bucket)) where !entry.hasPrefix(".") {
            let slot = "\(folder(bucket))/\(entry)"
            guard let expiry = entry.split(separator: "-").first.flatMap({ TimeInterval(String($0)) }) else { continue }
            let body = "\(slot)/body"
            let modified = (try? FileManager.default.attributesOfItem(atPath: body)[.modificationDate]) as? Date
            guard let modified else {
                if now.timeIntervalSince1970 > expiry { try? FileManager.default.removeItem(atPath: slot) }
                continue
            }
            guard now.timeIntervalSince(modified) >= Self.settleSeconds else { continue }
            let claimed = "\(folder(bucket))/.claimed-\(UUID().uuidString)"
            guard rename(slot, claimed) == 0 else { continue }
            defer { try? FileManager.default.removeItem(atPath: claimed) }
            guard modified.timeIntervalSince1970 <= expiry,
                let keyData = FileManager.default.contents(atPath: "\(claimed)/key"),
                let key = String(data: keyData, encoding: .utf8)
            else { continue }
            _ = try await store.putObject(PutObjectRequest(bucket: bucket, key: key, body: .file(path: "\(claimed)/body")), ingesting: false)
        }
    }
}
