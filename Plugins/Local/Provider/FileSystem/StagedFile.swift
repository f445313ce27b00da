import CloudKitModel
import Foundation

/// A complete, fsynced file in a bucket's temporary folder, waiting to be
/// renamed into place. It is removed on deinit unless `markMoved()` was
/// called, so an abandoned write never leaves a file behind.
final class StagedFile {
    let path: String
    private var moved = false

    init(path: String) {
        self.path = path
    }

    deinit {
        if !moved { try? FileSystem.removeFile(path) }
    }

    /// A fresh temporary name in `folder`.
    static func temporaryPath(in folder: String, suffix: String) -> String {
        "\(folder)/\(UUID().uuidString).\(suffix)"
    }

    /// Writes `data` durably to a new file in `folder`.
    static func write(_ data: Data, in folder: String) throws(CloudError) -> StagedFile {
        let path = temporaryPath(in: folder, suffix: "tmp")
        let file = try WritableFile(creating: path)
        let staged = StagedFile(path: path)
        try data.withBytes { bytes throws(CloudError) in try file.write(bytes) }
        try file.syncAndClose()
        return staged
    }

    /// Renames the file to `destination`; from then on it is no longer ours to remove.
    func move(to destination: String) throws(CloudError) {
        try FileSystem.rename(path, to: destination)
        moved = true
    }

    /// Gives up ownership without moving (the file is already gone).
    func markMoved() {
        moved = true
    }
}
