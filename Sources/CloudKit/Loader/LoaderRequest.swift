import CCloudKitABI
import CloudKitABI
import CloudKitLoader
import CloudKitModel
import Foundation

/// A `ck_loader_request` built from Swift values: what to load, and the
/// environment and folders the rules consult.
struct LoaderRequest {
    /// A provider name or library path; nil: chosen by the rules.
    var provider: String?
    /// The configuration file (it must exist); nil: found by the rules.
    var configPath: String?
    /// Explicit provider options, overriding the file's.
    var options: [String: String] = [:]
    /// The environment the rules read; nil: the process's.
    var environment: [String: String]?
    /// Where `./cloudkit.toml` is looked for; nil: the process's folder.
    var currentDirectory: String?
    /// The executable's folder for the search path; nil: the running one's; "": none.
    var executableDirectory: String?
    /// Passes provider log lines to swift-log.
    var host: ck_host = HostLogBridge.host

    /// Calls `body` with the request in C memory that lives for the call.
    func withRequest<Result>(_ body: (UnsafePointer<ck_loader_request>) throws(CloudError) -> Result) throws(CloudError) -> Result {
        let arena = CArena()
        var request = ck_loader_request()
        request.struct_size = MemoryLayout<ck_loader_request>.size
        request.provider = arena.string(provider)
        request.config_path = arena.string(configPath)
        (request.options, request.option_count) = arena.pairs(options)
        if let environment {
            let (pairs, count) = arena.pairs(environment)
            // Non-NULL even when empty: NULL would mean "the process's environment".
            request.environment = pairs ?? UnsafePointer(arena.value(ck_pair(key: nil, value: nil)))
            request.environment_count = count
        }
        request.current_directory = arena.string(currentDirectory)
        request.executable_directory = arena.string(executableDirectory)
        request.host = UnsafePointer(arena.value(host))
        let result = try body(arena.value(request))
        withExtendedLifetime(arena) {}
        return result
    }
}
