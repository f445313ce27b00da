import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A FIFO that "parked" test functions wait on until the test releases
/// them, so tests wait for events rather than for time.
///
/// The test holds the FIFO open for reading and writing: a function's
/// `open` of it returns at once (a writer exists) and its read waits until
/// `release()` closes the last writer, when every parked function reads end
/// of file and finishes.
final class FunctionGate {
    /// The FIFO's path.
    let path: String
    /// The folder where each parked function leaves `<tag>` ("<pid> <background pid>") once it waits.
    let startedFolder: String
    private var descriptor: Int32

    /// A gate in `sandbox`'s root.
    init(in sandbox: FunctionSandbox) throws {
        path = "\(sandbox.root)/gate"
        startedFolder = "\(sandbox.root)/started"
        try FileManager.default.createDirectory(atPath: startedFolder, withIntermediateDirectories: true)
        guard mkfifo(path, 0o600) == 0 else { throw CocoaError(.fileWriteUnknown) }
        descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
    }

    deinit { release() }

    /// Lets every parked function finish.
    func release() {
        if descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
    }

    /// A script body that reads its payload as a tag, opens the gate, starts
    /// `sleep 600` in the background (sharing its pipes) when `background`,
    /// says it waits (`started/<tag>`, written whole), waits for the gate and
    /// prints the tag.
    func parkedScript(background: Bool = false) -> String {
        """
        tag=$(cat)
        exec 3< "\(path)"
        child=
        \(background ? "sleep 600 &\nchild=$!" : "")
        echo "$$ $child" > "\(startedFolder)/.$tag" && mv "\(startedFolder)/.$tag" "\(startedFolder)/$tag"
        cat <&3 > /dev/null
        printf '%s' "$tag"
        """
    }

    /// The tags of the functions that wait now.
    var started: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: startedFolder)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// The pid and the background pid (when it started one) of the parked function `tag`.
    func pids(_ tag: String) -> (pid: pid_t, background: pid_t?)? {
        guard let text = try? String(contentsOfFile: "\(startedFolder)/\(tag)", encoding: .utf8) else { return nil }
        let parts = text.split(separator: " ").map { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard let first = parts.first, let pid = first else { return nil }
        return (pid, parts.count > 1 ? parts[1] : nil)
    }
}
