import CloudKitModel
#if canImport(Glibc)
import Glibc
#endif

/// An executable found for a function reference.
struct FunctionExecutable: Sendable {
    /// The function and version it runs.
    let reference: FunctionReference
    /// The absolute path of the executable file.
    let path: String
    /// Its modification time (seconds and nanoseconds since 1970).
    let modified: timespec
}

/// Finds function executables in `<root>/functions`: `name` for `$LATEST`
/// and `name@qualifier` for any other version.
struct FunctionLocator: Sendable {
    /// The functions folder.
    let folder: String

    /// The path the executable for `reference` would have.
    func path(of reference: FunctionReference) -> String { "\(folder)/\(reference.fileName)" }

    /// The executable for `reference`: `not found` (`ResourceNotFoundException`)
    /// when there is no regular file, `permission denied`
    /// (`AccessDeniedException`) when it cannot be executed.
    func require(_ reference: FunctionReference) throws(CloudError) -> FunctionExecutable {
        let path = path(of: reference)
        guard let info = FileSystem.status(path), (info.st_mode & S_IFMT) == S_IFREG else {
            throw CloudError(.notFound, "Function not found: \(reference.arn)", code: "ResourceNotFoundException", httpStatus: 404)
        }
        guard access(path, X_OK) == 0 else {
            throw CloudError(
                .permissionDenied, "The function \(reference.arn) is not executable (\(path))", code: "AccessDeniedException", httpStatus: 403)
        }
        return FunctionExecutable(reference: reference, path: path, modified: info.st_mtim)
    }

    /// True when `name` in the folder is a regular file this process may execute.
    func isExecutable(_ name: String) -> Bool {
        let path = "\(folder)/\(name)"
        guard let info = FileSystem.status(path), (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
