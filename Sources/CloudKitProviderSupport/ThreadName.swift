import Foundation

/// The name the system shows for a provider thread (`top -H`, `gdb`,
/// `/proc/PID/task/TID/comm`). Foundation's `Thread.name` stays inside
/// Foundation on Linux, and `pthread_setname_np` is not visible to Swift
/// there, so a thread names itself through `/proc/thread-self/comm`.
public enum ThreadName {
    /// Names the calling thread `name`, cut to the 15 bytes Linux keeps; a
    /// system without `/proc` leaves the name as it was.
    public static func set(_ name: String) {
        guard let file = FileHandle(forWritingAtPath: "/proc/thread-self/comm") else { return }
        defer { try? file.close() }
        try? file.write(contentsOf: Data(name.utf8.prefix(15)))
    }
}
