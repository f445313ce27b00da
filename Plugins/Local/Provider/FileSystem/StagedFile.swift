import CloudKitModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A file in a bucket's temporary folder, being written or complete and
/// waiting to be renamed into place. It is removed on deinit unless it was
/// moved (or `markMoved()` was called), so an abandoned write never leaves
/// a file behind.
///
/// While it is ours, a descriptor of it holds an exclusive `flock`: that
/// marks it live for `TemporaryReclaimer`, which removes only old files
/// that nobody holds — the kernel drops the lock when a writer dies, even
/// by `kill -9`, so what a crash left behind is told from work in progress.
/// Used by one task at a time.
final class StagedFile: @unchecked Sendable {
    let path: RootedPath
    private var moved = false
    private var hold: Int32 = -1

    /// Takes charge of the file at `path`, which exists, and holds it.
    init(path: RootedPath) {
        self.path = path
        hold = (try? FolderWalk.inParent(path, "cannot open") { folder, name throws(CloudError) in
            openat(folder, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        }) ?? -1
        // Fails only when another staged name of the same file (a second
        // hard link of one blob) holds it already; this one is then fresh.
        if hold >= 0 && flock(hold, LOCK_EX | LOCK_NB) != 0 { release() }
    }

    deinit {
        if !moved { try? FileSystem.removeFile(path) }
        release()
    }

    /// A fresh temporary name in `folder`.
    static func temporaryPath(in folder: RootedPath, suffix: String) -> RootedPath {
        folder.appending("\(UUIDText.random()).\(suffix)")
    }

    /// Writes `data` durably to a new file in `folder`.
    static func write(_ data: Data, in folder: RootedPath) throws(CloudError) -> StagedFile {
        let path = temporaryPath(in: folder, suffix: "tmp")
        let file = try WritableFile(creating: path)
        let staged = StagedFile(path: path)
        try data.withBytes { bytes throws(CloudError) in try file.write(bytes) }
        try file.syncAndClose()
        return staged
    }

    /// Renames the file to `destination`; from then on it is no longer ours to remove.
    func move(to destination: RootedPath) throws(CloudError) {
        try FileSystem.rename(path, to: destination)
        moved = true
        release()
    }

    /// Removes the file now, unless it was moved; later calls and deinit do nothing.
    func discard() {
        if !moved { try? FileSystem.removeFile(path) }
        markMoved()
    }

    /// Gives up ownership without moving (the file is already gone).
    func markMoved() {
        moved = true
        release()
    }

    private func release() {
        if hold >= 0 { close(hold) }
        hold = -1
    }
}
