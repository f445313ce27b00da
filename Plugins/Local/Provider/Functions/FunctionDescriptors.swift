import CloudKitModel
import CloudKitProviderSupport
#if canImport(Glibc)
import Glibc
#endif

/// Small file-descriptor chores for spawning functions.
enum FunctionDescriptors {
    /// `count` close-on-exec pipes whose ends are all above 2, so that mapping
    /// them onto a child's 0, 1 and 2 can never overwrite one another. When
    /// one fails, those already made are closed.
    static func pipes(_ count: Int) throws(CloudError) -> [(read: Int32, write: Int32)] {
        var made: [(read: Int32, write: Int32)] = []
        while made.count < count {
            guard let ends = GNUProcessCalls.closeOnExecPipe() else {
                let error = CloudError(.internal, "cannot create a pipe: \(String(cString: strerror(errno)))", code: "IOError", retryable: true)
                for pipe in made { close(pipe.read, pipe.write) }
                throw error
            }
            made.append((aboveStandard(ends.read), aboveStandard(ends.write)))
        }
        return made
    }

    /// `descriptor` itself when above 2, else a close-on-exec copy above 2
    /// (the original is closed). Keeps the original when copying fails.
    static func aboveStandard(_ descriptor: Int32) -> Int32 {
        guard descriptor >= 0, descriptor <= 2 else { return descriptor }
        let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard copy >= 0 else { return descriptor }
        _ = Glibc.close(descriptor)
        return copy
    }

    /// Makes reads and writes on `descriptor` return `EAGAIN` instead of blocking.
    static func setNonBlocking(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    }

    /// Closes every valid descriptor in `descriptors`.
    static func close(_ descriptors: Int32...) {
        for descriptor in descriptors where descriptor >= 0 { _ = Glibc.close(descriptor) }
    }
}
