/// The files of one bucket under `<root>/storage/<bucket>/`:
///
/// - `objects/` — the key tree (see `ObjectKeyPath`): records and blobs;
/// - `tmp/` — files being written, renamed into `objects/` when complete;
/// - `incoming/` — presigned upload slots (see `PresignedUploads`);
/// - `lock` — taken shared by commits and exclusively by `deleteBucket`.
struct BucketLayout: Sendable {
    let name: String
    let folder: String

    init(root: LocalRoot, bucket: String) {
        name = bucket
        folder = root.bucketFolder(bucket)
    }

    var objects: String { "\(folder)/objects" }
    var temporary: String { "\(folder)/tmp" }
    var incoming: String { "\(folder)/incoming" }
    var lockFile: String { "\(folder)/lock" }

    /// The folder holding `path`'s record and blobs.
    func folder(for path: ObjectKeyPath) -> String {
        path.folders.isEmpty ? objects : "\(objects)/\(path.folderPath)"
    }

    func recordPath(for path: ObjectKeyPath) -> String { "\(folder(for: path))/\(path.recordName)" }
}
