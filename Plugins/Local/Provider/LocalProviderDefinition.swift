import CloudKitModel
import CloudKitProviderSupport
import Foundation

/// The local provider: cloud services on the local disk, no network, no account.
///
/// Option `root`: the folder holding all data (see `LocalRoot` for the
/// default); `function_timeout`: seconds a function may run (default 30).
/// It offers object storage (`LocalObjectStore`, files), key-value tables
/// (`LocalKeyValueStore`), message queues (`LocalMessageQueues`) and
/// publish/subscribe (`LocalPubSub`), the last three in SQLite, and
/// functions (`LocalFunctions`, executables under `<root>/functions`).
public enum LocalProviderDefinition: ProviderDefinition {
    /// The provider's name, as hosts select it (`libcloudkit-local.so`).
    public static let name = "local"
    /// One line for `cloudkit providers`.
    public static let summary = "Cloud services on the local disk (files and SQLite), no network"
    /// The options the provider accepts.
    public static let options = [
        ProviderOption("root", "Folder holding all data (default: CLOUDKIT_LOCAL_ROOT, else $XDG_DATA_HOME/cloudkit, else ~/.local/share/cloudkit)"),
        ProviderOption("function_timeout", "Seconds a function may run before it is killed (default 30)"),
    ]

    /// Resolves the root from the options and the process environment and
    /// opens a client on it. Called on the host's thread.
    public static func open(options: [String: String], logger: ProviderLogger) throws(CloudError) -> any ProviderClient {
        try open(options: options, environment: ProcessInfo.processInfo.environment, logger: logger)
    }

    /// `open` with an explicit environment (for tests).
    public static func open(options: [String: String], environment: [String: String], logger: ProviderLogger) throws(CloudError) -> LocalClient {
        let root = try LocalRoot.resolve(option: options["root"], environment: environment)
        let timeout = try functionTimeout(options["function_timeout"])
        logger.debug("local provider root: \(root.path)")
        return LocalClient(
            storage: try LocalObjectStore(root: root, logger: logger), tables: try LocalKeyValueStore(root: root, logger: logger),
            messageQueues: try LocalMessageQueues(root: root), topics: try LocalPubSub(root: root),
            functions: LocalFunctions(root: root, timeoutSeconds: timeout, logger: logger))
    }

    /// The `function_timeout` option: a number of seconds from 0.001 to 900
    /// (Lambda's maximum), 30 when not given.
    static func functionTimeout(_ text: String?) throws(CloudError) -> Double {
        guard let text else { return 30 }
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= 0.001, seconds <= 900 else {
            throw CloudError(.invalidArgument, "function_timeout must be a number of seconds from 0.001 to 900, not '\(text)'")
        }
        return seconds
    }
}

/// An open local client. Thread-safe; it holds no resources beyond its root's path.
public struct LocalClient: ProviderClient {
    /// The client's object storage.
    public let objectStore: LocalObjectStore

    /// The client's key-value tables.
    public let tableStore: LocalKeyValueStore

    /// The client's object storage, for the provider table.
    public var storage: (any ObjectStorage)? { objectStore }

    /// The client's message queues and topics.
    public let messageQueues: LocalMessageQueues
    public let topics: LocalPubSub

    /// The client's functions.
    public let localFunctions: LocalFunctions

    /// The client's key-value tables, for the provider table.
    public var kv: (any KeyValueStore)? { tableStore }
    public var queues: (any MessageQueues)? { messageQueues }
    public var pubsub: (any PubSub)? { topics }
    public var functions: (any Functions)? { localFunctions }

    /// Storage, tables, queues and topics run a call on the host's thread
    /// until it first waits (for a `BlockingIO` thread, the writer gate, a
    /// queue's wake-up), and then on the thread that ended the wait: a small
    /// call costs two hops between threads instead of four. Every resume in
    /// them happens outside locks. Functions stay on the Swift pool: their
    /// waits end on the function reactor's one thread, which must not run
    /// the rest of a call.
    public func callPlacement(for service: ProviderService) -> CallPlacement {
        service == .functions ? .pool : .callerThread
    }

    /// The local provider acts as nobody in particular: it names itself and its root.
    public func identity() async throws(CloudError) -> JSONValue {
        .object(["provider": .string("local"), "root": .string(objectStore.root.path)])
    }

    /// A client serving these stores.
    public init(
        storage: LocalObjectStore, tables: LocalKeyValueStore, messageQueues: LocalMessageQueues, topics: LocalPubSub, functions: LocalFunctions
    ) {
        objectStore = storage
        tableStore = tables
        self.messageQueues = messageQueues
        self.topics = topics
        localFunctions = functions
    }
}
