import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Presigned PUT for the local provider: upload slots that any file writer
/// can fill, committed through the normal atomic put.
///
/// A presigned PUT URL is the `file://` URL of `body` in a fresh slot folder
/// `<bucket>/incoming/<expiry>-<uuid>/`, beside a `key` file naming the
/// object. Whoever holds the URL writes the bytes there in one go (`cp`,
/// `curl -T FILE URL`, any file write). The next operation that touches the
/// bucket commits every finished upload: finished means no process has the
/// file open for writing any more (`WriterProbe`; where the file system
/// cannot tell, the file must have been unchanged for `settleSeconds`).
/// Bytes last written after the URL's expiry are discarded, as are slots
/// whose URL expired unused. Until it is committed an upload is invisible,
/// and it then appears whole, like any put.
///
/// Several processes may ingest at once: a slot is claimed by renaming it to
/// `.claimed.<name>` first, and put back if its writer is still busy.
struct PresignedUploads {
    let layout: BucketLayout
    let logger: ProviderLogger

    /// How long a file must be unchanged where open writers cannot be detected.
    static let settleSeconds: TimeInterval = 1
    /// Claimed or staging folders older than this were left by a crash.
    static let staleSeconds: TimeInterval = 3600
    private static let claimedPrefix = ".claimed."
    private static let stagingPrefix = ".staging."

    /// Prepares an upload slot for `key` and returns its URL.
    func prepare(key: String, expiresSeconds: Int64) throws(CloudError) -> String {
        do throws(CloudError) {
            try FileSystem.makeDirectory(layout.incoming)
        } catch where error.kind == .notFound {
            throw CloudError(.notFound, "bucket '\(layout.name)' does not exist", code: "NoSuchBucket", httpStatus: 404)
        }
        let expiry = Int64(Date().timeIntervalSince1970) + expiresSeconds
        let name = "\(expiry)-\(UUID().uuidString)"
        let staging = layout.incoming.appending("\(Self.stagingPrefix)\(name)")
        try FileSystem.makeDirectory(staging)
        do throws(CloudError) {
            try StagedFile.write(Data(key.utf8), in: staging).move(to: staging.appending("key"))
            try FileSystem.rename(staging, to: layout.incoming.appending(name))
            try FileSystem.syncDirectory(layout.incoming)
        } catch {
            try? FileSystem.removeTree(staging)
            throw error
        }
        return URL(fileURLWithPath: layout.incoming.appending(name).appending("body").path).absoluteString
    }

    /// Commits finished uploads by calling `put(key, body)` (the body opened
    /// inside the root, never through a link) and tidies expired slots. A
    /// failed commit does not fail the operation that triggered it: it is
    /// logged, and the upload is kept for a later attempt unless the failure
    /// is final (invalid or vanished).
    func ingest(put: (String, ReadableFile) throws(CloudError) -> Void) throws(CloudError) {
        guard try FileSystem.isDirectory(layout.incoming) else { return }
        let now = Date().timeIntervalSince1970
        for entry in try FileSystem.entries(layout.incoming) {
            if entry.hasPrefix(".") {
                try recoverIfStale(entry, now: now)
                continue
            }
            guard let expiry = entry.split(separator: "-").first.flatMap({ TimeInterval(String($0)) }) else { continue }
            let slot = layout.incoming.appending(entry)
            let found: stat?
            do {
                found = try FileSystem.status(slot.appending("body"))
            } catch where error.code == "SymbolicLink" {
                // A link instead of the uploaded bytes is never followed: the upload is refused.
                logger.warning("local provider: discarding a presigned upload in bucket '\(layout.name)': \(error.message)")
                try discard(entry)
                continue
            }
            guard let body = found else {
                if now > expiry { try discard(entry) }
                continue
            }
            let modified = TimeInterval(body.st_mtim.tv_sec) + TimeInterval(body.st_mtim.tv_nsec) / 1e9
            if modified > expiry + 1 {
                try discard(entry)
                continue
            }
            let claimed = layout.incoming.appending("\(Self.claimedPrefix)\(entry)")
            guard try FileSystem.attemptRename(slot, to: claimed) == 0 else { continue }  // Another process took it.
            guard Self.isFinished(WriterProbe.check(claimed.appending("body")), modifiedAt: modified, now: now) else {
                try FileSystem.rename(claimed, to: slot)
                continue
            }
            try commit(claimed: claimed, slot: slot, put: put)
        }
    }

    /// True when an upload is complete: nobody has it open for writing or,
    /// where that cannot be told, it has not changed for `settleSeconds`.
    static func isFinished(_ probe: WriterProbe.Answer, modifiedAt modified: TimeInterval, now: TimeInterval) -> Bool {
        switch probe {
        case .idle: true
        case .busy: false
        case .unknown: now - modified >= settleSeconds
        }
    }

    private func commit(claimed: RootedPath, slot: RootedPath, put: (String, ReadableFile) throws(CloudError) -> Void) throws(CloudError) {
        guard let keyData = try FileSystem.readSmallFile(claimed.appending("key"), limit: 4096),
            let key = String(data: keyData, encoding: .utf8)
        else {
            try FileSystem.removeTree(claimed)
            return
        }
        do throws(CloudError) {
            try put(key, try ReadableFile(at: claimed.appending("body")))
        } catch {
            // A lock held by another operation is no failure: the next operation commits it.
            if !FileLock.isBusy(error) {
                logger.warning("local provider: cannot commit the presigned upload of '\(key)' in bucket '\(layout.name)': \(error)")
            }
            if error.kind != .invalidArgument && error.kind != .notFound {
                try FileSystem.rename(claimed, to: slot)
                return
            }
        }
        try FileSystem.removeTree(claimed)
    }

    /// Removes a slot (claiming it first, so a concurrent ingest cannot commit it too).
    private func discard(_ entry: String) throws(CloudError) {
        let claimed = layout.incoming.appending("\(Self.claimedPrefix)\(entry)")
        guard try FileSystem.attemptRename(layout.incoming.appending(entry), to: claimed) == 0 else { return }
        try FileSystem.removeTree(claimed)
    }

    /// Puts back a slot whose claimer crashed, and removes abandoned staging folders.
    private func recoverIfStale(_ entry: String, now: TimeInterval) throws(CloudError) {
        let path = layout.incoming.appending(entry)
        guard let info = try FileSystem.status(path), now - TimeInterval(info.st_ctim.tv_sec) > Self.staleSeconds else { return }
        if entry.hasPrefix(Self.claimedPrefix) {
            let original = String(entry.dropFirst(Self.claimedPrefix.count))
            let code = try FileSystem.attemptRename(path, to: layout.incoming.appending(original))
            if code != 0 && code != ENOENT {
                throw FileErrors.map("cannot recover upload slot", path.path, code)
            }
        } else if entry.hasPrefix(Self.stagingPrefix) {
            try FileSystem.removeTree(path)
        }
    }
}
