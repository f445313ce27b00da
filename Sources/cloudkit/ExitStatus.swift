import CloudKit

/// The documented exit statuses of `cloudkit`: what a script can tell apart
/// without reading stderr.
enum ExitStatus: Int32 {
    case success = 0
    /// Any other failure (the provider or the service refused, a network error…).
    case failure = 1
    /// The command line is wrong (unknown flag, missing argument, bad value).
    case usage = 2
    /// The thing named does not exist (bucket, object, item, queue, topic, function).
    case notFound = 3
    /// The provider could not be used: no library found, not loadable, no
    /// entry point, an ABI it does not share, or it refused to start.
    case providerUnavailable = 4
    /// The configuration file is missing (when named), unreadable or malformed.
    case configuration = 5
    /// A local file given as input does not exist or cannot be read.
    case localInput = 6

    /// Error codes that mean the provider could not be used.
    static let providerCodes: Set<String> = [
        "ProviderNotFound", "ProviderLoadFailed", "ProviderEntryMissing", "ProviderABIMismatch", "ProviderInitFailed",
    ]
    /// Error codes that mean the configuration file is at fault.
    static let configurationCodes: Set<String> = ["ConfigNotFound", "ConfigSyntax", "ConfigUnreadable"]

    /// The status for a failed call.
    init(_ error: CloudError) {
        if let code = error.code {
            if Self.providerCodes.contains(code) {
                self = .providerUnavailable
                return
            }
            if Self.configurationCodes.contains(code) {
                self = .configuration
                return
            }
            if code == "NoSuchFile" {
                self = .localInput
                return
            }
        }
        self = error.kind == .notFound ? .notFound : .failure
    }
}
