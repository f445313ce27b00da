import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where tests put files and folders: one folder of this test process's
/// own in the system temporary folder (`cloudkit-tests-<pid>-<random>`),
/// removed with everything in it when the process exits. Before it, every
/// run of the suite left some 350 MB in `/tmp` (C programs compiled for the
/// ABI tests, provider roots, CLI homes), which piled up run after run.
/// A process that is killed leaves its folder, as it leaves anything else.
public enum TestFolders {
    /// A new empty folder `<label>-<uuid>` in this process's folder.
    public static func make(_ label: String) throws -> String {
        let folder = path(label)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path nothing is at yet, `<label>-<uuid><suffix>` in this process's
    /// folder, for a file or folder the caller makes.
    public static func path(_ label: String, suffix: String = "") -> String {
        (processFolder as NSString).appendingPathComponent("\(label)-\(UUID().uuidString)\(suffix)")
    }

    /// This process's folder, made on first use, with the handler that
    /// removes it at exit (the system temporary folder itself when it
    /// cannot be made: then no handler, and nothing is removed).
    private static let processFolder: String = {
        let system = FileManager.default.temporaryDirectory.path
        let folder = (system as NSString).appendingPathComponent("cloudkit-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)) != nil else { return system }
        // Runs only at exit, long after this initializer has returned the folder.
        atexit { TestFolders.remove(TestFolders.processFolder) }
        return folder
    }()

    /// Removes `path` and, for a folder, everything in it, making each
    /// folder writable and searchable first (tests leave folders they made
    /// unreadable, to check a refusal). Symbolic links are removed, never
    /// followed.
    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            chmod(path, 0o700)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                remove((path as NSString).appendingPathComponent(name))
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
