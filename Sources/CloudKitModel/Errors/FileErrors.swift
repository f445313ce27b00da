#if canImport(Glibc)
import Glibc
#endif

/// The one mapping of a file system `errno` to a `CloudError`, for every
/// provider that reads or writes local files (bodies from and to files, the
/// local provider's store) and for the host's folder syncs.
public enum FileErrors {
    /// `action path: reason`, with the kind the error number means.
    public static func map(_ action: String, _ path: String, _ code: Int32 = errno) -> CloudError {
        let message = "\(action) \(path): \(String(cString: strerror(code)))"
        switch code {
        case EACCES, EPERM, EROFS: return CloudError(.permissionDenied, message, code: "AccessDenied")
        case ENOENT, ENOTDIR: return CloudError(.notFound, message, code: "NotFound")
        case ENOSPC, EDQUOT: return CloudError(.internal, message, code: "NoSpace")
        case EMFILE, ENFILE, EAGAIN, ENOMEM: return CloudError(.internal, message, code: "IOError", retryable: true)
        case ENAMETOOLONG: return CloudError(.invalidArgument, message, code: "NameTooLong")
        default: return CloudError(.internal, message, code: "IOError")
        }
    }
}
