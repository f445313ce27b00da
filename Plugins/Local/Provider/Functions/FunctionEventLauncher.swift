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
    /// Launches `executable` with `payload`: the files are prepared and the
    /// process spawned on `BlockingIO`.
    static func launch(
        _ executable: FunctionExecutable, payload: Data, environment: [String], folder: String, timeoutSeconds: Double,
        requestID: String, logger: ProviderLogger
    ) async throws(CloudError) {
        let reactor = try FunctionReactor.shared()
        let logsFolder = "\(folder)/.logs"
        let logPath = "\(logsFolder)/\(executable.reference.name).log"
        let (input, log) = try await BlockingIO.run { _ throws(CloudError) in try openFiles(payload, logsFolder: logsFolder, logPath: logPath) }
        defer { FunctionDescriptors.close(input, log) }

        let streams = FunctionSpawner.Streams(input: input, output: log, error: log)
        switch try await FunctionSpawner.start(executable.path, environment: environment, folder: folder, streams: streams) {
        case .started(let pid):
            logger.debug("function \(executable.reference.fileName) started for event \(requestID) as pid \(pid)")
            FunctionWatchdog.watch(
                .started(pid), on: reactor, timeoutSeconds: timeoutSeconds, logPath: logPath, requestID: requestID, logger: logger)
        case .failed(let code) where code == ENOEXEC:
            // Accepted, then failed, as a Lambda event whose runtime cannot start.
            let note = "\(requestID) cannot execute \(executable.path): \(String(cString: strerror(code)))\n"
            _ = try await BlockingIO.run { _ in append(note, to: log) }
        case let failed:
            throw FunctionProcess.spawnError(failed, executable)
        }
    }

    /// The payload file (see `payloadFile`) and the log at `logPath` in
    /// `logsFolder` (made when missing), opened for appending; blocking.
    private static func openFiles(_ payload: Data, logsFolder: String, logPath: String) throws(CloudError) -> (input: Int32, log: Int32) {
        try FileSystem.makeDirectories(logsFolder)
        let input = try payloadFile(payload, in: logsFolder)
        let log = FunctionDescriptors.aboveStandard(open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644))
        guard log >= 0 else {
            let error = FileErrors.map("cannot open the function log", logPath)
            FunctionDescriptors.close(input)
            throw error
        }
        return (input, log)
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
