#if canImport(Glibc)
import Glibc
#endif

/// A NULL-terminated array of C strings (`argv`, `envp` for `posix_spawn`)
/// that frees them when released: for every program cloudkit starts.
public final class CStringArray {
    /// The strings, then NULL; valid while this array lives.
    public let pointers: [UnsafeMutablePointer<CChar>?]

    public init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}
