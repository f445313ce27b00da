import CloudKitModel
import CloudKitProviderSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a function for an `event` invocation and returns at once: the
/// payload is its stdin (from a temporary file, unlinked before the child
/// starts, so nothing is left behind), its stdout and stderr are appended to
/// `<functions>/.logs/<name>.log`, and a `FunctionWatchdog` kills it at the
/// timeout and reaps it.
enum FunctionEventLauncher {
    /// Launches `executable` with `payload`; blocking (file work and the spawn).
    static func launch(
        _ executable: FunctionExecutable, payload: Data, environment: [String], folder: String, timeoutSeconds: Double,
        requestID: String, logger: ProviderLogger
    ) throws(CloudError) {
        let logsFolder = "\(folder)/.logs"
        try FileSystem.makeDirectories(logsFolder)
        let logPath = "\(logsFolder)/\(executable.reference.name).log"
        let input = try payloadFile(payload, in: logsFolder)
        let log = FunctionDescriptors.aboveStandard(open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644))
        guard log >= 0 else {
            let error = FileErrors.map("cannot open the function log", logPath)
            FunctionDescriptors.close(input)
            throw error
        }
        defer { FunctionDescriptors.close(input, log) }

        let streams = FunctionSpawner.Streams(input: input, output: log, error: log)
        switch FunctionSpawner.spawn(executable.path, environment: environment, folder: folder, streams: streams) {
        case .started(let pid):
            logger.debug("function \(executable.reference.fileName) started for event \(requestID) as pid \(pid)")
            FunctionWatchdog.watch(
                FunctionChild(pid: pid), timeoutSeconds: timeoutSeconds, logPath: logPath, requestID: requestID, logger: logger)
        case .failed(let code) where code == ENOEXEC:
            // Accepted, then failed, as a Lambda event whose runtime cannot start.
            append("\(requestID) cannot execute \(executable.path): \(String(cString: strerror(code)))\n", to: log)
        case let failed:
            throw FunctionProcess.spawnError(failed, executable)
        }
    }

    /// An open, already unlinked file holding `payload`, positioned at its start.
    private static func payloadFile(_ payload: Data, in folder: String) throws(CloudError) -> Int32 {
        let path = "\(folder)/.event-\(UUID().uuidString)"
        let descriptor = FunctionDescriptors.aboveStandard(open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600))
        guard descriptor >= 0 else { throw FileErrors.map("cannot create the event payload file", path) }
        unlink(path)
        guard append(payload, to: descriptor), lseek(descriptor, 0, SEEK_SET) == 0 else {
            let error = FileErrors.map("cannot write the event payload file", path)
            FunctionDescriptors.close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Writes all of `text` (as UTF-8) to `descriptor`; false on an error.
    @discardableResult
    static func append(_ text: String, to descriptor: Int32) -> Bool {
        append(Data(text.utf8), to: descriptor)
    }

    /// Writes all of `data` to `descriptor`; false on an error.
    @discardableResult
    static func append(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }
}
