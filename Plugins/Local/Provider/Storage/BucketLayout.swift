/// The files of one bucket under `<root>/storage/<bucket>/`:
///
/// - `objects/` — the key tree (see `ObjectKeyPath`): records and blobs;
/// - `tmp/` — files being written, renamed into `objects/` when complete
///   (see `StagedFile`; what a crash leaves there, `TemporaryReclaimer` removes);
/// - `incoming/` — presigned upload slots (see `PresignedUploads`);
/// - `lock` — taken shared by commits and exclusively by `deleteBucket`.
struct BucketLayout: Sendable {
    let name: String
    let folder: RootedPath

    init(root: LocalRoot, bucket: String) {
        name = bucket
        folder = root.storage.appending(bucket)
    }

    var objects: RootedPath { folder.appending("objects") }
    var temporary: RootedPath { folder.appending("tmp") }
    var incoming: RootedPath { folder.appending("incoming") }
    var lockFile: RootedPath { folder.appending("lock") }

    /// The folder holding `path`'s record and blobs.
    func folder(for path: ObjectKeyPath) -> RootedPath { objects.appending(path.folderNames) }

    func recordPath(for path: ObjectKeyPath) -> RootedPath { folder(for: path).appending(path.recordName) }
}
