import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The local provider: every service on the local disk, no network, no account.
public enum LocalProviderDefinition: ProviderDefinition {
    public static let name = "local"
    public static let version = "0.1.0"
    public static let summary = "Cloud services on the local disk (files and SQLite), no network"
    public static let options = [
        ProviderOption("root", "Folder holding all data (default: CLOUDKIT_LOCAL_ROOT, else ~/.local/share/cloudkit)")
    ]

    public static func open(options: [String: String], logger: ProviderLogger) throws(CloudError) -> any ProviderClient {
        let root = try LocalRoot.resolve(option: options["root"], environment: ProcessInfo.processInfo.environment)
        logger.debug("local provider root: \(root.path)")
        return LocalClient(storage: try LocalObjectStore(root: root))
    }
}

/// An open local client.
struct LocalClient: ProviderClient {
    let localStorage: LocalObjectStore
    var storage: (any ObjectStorage)? { localStorage }

    init(storage: LocalObjectStore) {
        localStorage = storage
    }
}
