import CCloudKitABI
import CloudKitABI
import Foundation
import Logging

/// A connection to one provider's cloud services.
///
/// ```swift
/// let cloud = try await Cloud.load()                    // provider chosen by configuration
/// let aws = try await Cloud.load(provider: "aws", options: ["region": "eu-west-1"])
/// try await cloud.storage.putObject(PutObjectRequest(bucket: "b", key: "k", body: .bytes(data)))
/// ```
/// Thread-safe; the client is closed when the `Cloud` is released or `close()` is called.
public final class Cloud: Sendable {
    /// The loaded provider library.
    public let provider: ProviderLibrary
    /// How the provider was chosen.
    public let configuration: CloudConfiguration
    /// Object storage; operations fail with `unsupported` if the provider has none.
    public let storage: any ObjectStorage
    /// Key-value tables; operations fail with `unsupported` if the provider has none.
    public let kv: any KeyValueStore
    /// Message queues; operations fail with `unsupported` if the provider has none.
    public let queues: any MessageQueues
    /// Publish/subscribe; operations fail with `unsupported` if the provider has none.
    public let pubsub: any PubSub
    /// Functions; operations fail with `unsupported` if the provider has none.
    public let functions: any Functions
    let client: ClientHandle

    private init(provider: ProviderLibrary, configuration: CloudConfiguration, client: ClientHandle) {
        self.provider = provider
        self.configuration = configuration
        self.client = client
        storage = ABIObjectStorage(client: client)
        kv = ABIKeyValueStore(client: client)
        queues = ABIMessageQueues(client: client)
        pubsub = ABIPubSub(client: client)
        functions = ABIFunctions(client: client)
    }

    /// Loads the provider chosen by `provider` (a name or a library path) or,
    /// when nil, by `CLOUDKIT_PROVIDER`, the configuration file, or `local`,
    /// and opens a client with the file's options overridden by `options`.
    /// The rules are the C loader's (`ck_loader_load`), shared with C hosts.
    ///
    /// `logger` receives the provider's log lines about this client — each
    /// call's outcome at `debug`, AWS requests and retries, warnings — at its
    /// `logLevel` and above (ABI 1.5 `set_client_log`; never a secret).
    /// Without one, or with a provider older than 1.5, they go to the
    /// swift-log logger labelled `cloudkit.provider`, as do lines that belong
    /// to no client (those logged while the client opens).
    public static func load(
        provider: String? = nil, options: [String: String] = [:], configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger? = nil
    ) async throws(CloudError) -> Cloud {
        let request = LoaderRequest(provider: provider, configPath: configPath, options: options, environment: environment)
        let loaded = try LoadedProvider.load(request)
        guard let choice = loaded.pointer.pointee.choice else { throw .internal("the loader did not say how it chose the provider") }
        let configuration = CloudConfiguration(choice)
        let library = try ProviderLibrary.cached(loaded)
        let client = try await ClientHandle.open(library, options: loaded.options, logger: logger)
        return Cloud(provider: library, configuration: configuration, client: client)
    }

    /// Opens a client of a provider already loaded or linked
    /// (`ProviderLibrary.load(path:)`, `ProviderLibrary.linked`) with exactly
    /// `options`; no configuration file or environment is consulted.
    public static func open(_ library: ProviderLibrary, options: [String: String] = [:], logger: Logger? = nil) async throws(CloudError) -> Cloud {
        let configuration = CloudConfiguration(
            provider: library.path, providerSource: "argument", configFile: nil, file: ConfigFile(), explicitOptions: options)
        let client = try await ClientHandle.open(library, options: options, logger: logger)
        return Cloud(provider: library, configuration: configuration, client: client)
    }

    /// Who the client acts as, as the provider describes it (a JSON object;
    /// for AWS the account, ARN, user id and credential source). Needs a
    /// provider of ABI 1.1 or later; never contains a secret.
    public func identity() async throws(CloudError) -> JSONValue {
        guard let entry = provider.table.identity else {
            throw CloudError(.unsupported, "provider \(provider.name) cannot describe its identity")
        }
        let handle = try client.current()
        let text = try await ABICompletion<String>.perform(cancellingWith: client) { entry(handle, ABICallbacks.string, $0) }
        do throws(CloudError) {
            return try JSONValue.parse(text, what: "the provider's identity")
        } catch {
            throw .internal(error.message)
        }
    }

    /// What the provider can do: per service its operations, the per-call
    /// option keys each accepts, and its limits. Needs a provider of ABI 1.3
    /// or later.
    public func capabilities() async throws(CloudError) -> ProviderCapabilities {
        guard let entry = provider.table.capabilities else {
            throw CloudError(.unsupported, "provider \(provider.name) (ABI \(provider.abiMajor).\(provider.abiMinor)) does not describe its capabilities")
        }
        let handle = try client.current()
        let text = try await ABICompletion<String>.perform(cancellingWith: client) { entry(handle, ABICallbacks.string, $0) }
        do throws(CloudError) {
            return try ProviderCapabilities(json: try JSONValue.parse(text, what: "the provider's capabilities"))
        } catch {
            throw .internal(error.message)
        }
    }

    /// How many completions the provider delivered for calls of this client
    /// that had already completed, or that it was never given. ABI rule 5
    /// says none: each call completes exactly once. The host ignores each
    /// such completion (the first one stands) and counts it here.
    public var strayCompletions: Int { CallRegistry.strays(owner: client.serial) }

    /// Closes the client now: calls still in flight fail with `cancelled`,
    /// and this returns once each has completed. Releasing the `Cloud` closes
    /// it too, in the background.
    public func close() async { await client.close() }
}

/// Owns a `ck_client *` and closes it exactly once.
final class ClientHandle: @unchecked Sendable {
    let library: ProviderLibrary
    /// Numbers this client's calls (`CallRegistry`).
    let serial = ClientSerials.next()
    private let lock = NSLock()
    private var pointer: OpaquePointer?
    /// The client's own log sink (`ClientLogSink`), released once the client is closed.
    private let logSink: UncheckedSendable<UnsafeMutableRawPointer?>

    private init(library: ProviderLibrary, pointer: OpaquePointer, logSink: UnsafeMutableRawPointer?) {
        self.library = library
        self.pointer = pointer
        self.logSink = UncheckedSendable(logSink)
    }

    // `client_close` blocks until in-flight calls have completed, and those
    // completions run on Swift's cooperative threads; so it is always called
    // on a thread of its own, never on a cooperative one (that could starve
    // the pool and deadlock).
    deinit {
        if let pointer {
            let close = UncheckedSendable((library.table.client_close, pointer, logSink.value))
            Thread.detachNewThread {
                close.value.0?(close.value.1)
                ClientLogSink.release(close.value.2)
            }
        }
    }

    /// Opens a client; with a `logger`, the provider's lines about it go
    /// there (providers of ABI 1.5 and later; older ones keep logging to the
    /// `cloudkit.provider` logger).
    static func open(_ library: ProviderLibrary, options: [String: String], logger: Logger? = nil) async throws(CloudError) -> ClientHandle {
        guard let open = library.table.client_open else {
            throw CloudError(.unsupported, "provider \(library.name) cannot open clients")
        }
        let sorted = options.sorted { $0.key < $1.key }
        let arena = CArena()
        let pairs = sorted.map { ck_pair(key: arena.string($0.key), value: arena.string($0.value)) }
        let box = try await ABICompletion<UncheckedSendable<OpaquePointer>>.perform { userData in
            open(arena.array(pairs), pairs.count, { userData, status, client in
                if let error = ABIStatus.error(status) {
                    ABICompletion<UncheckedSendable<OpaquePointer>>.finish(userData, .failure(error))
                } else if let client {
                    ABICompletion<UncheckedSendable<OpaquePointer>>.finish(userData, .success(UncheckedSendable(client)))
                } else {
                    ABICompletion<UncheckedSendable<OpaquePointer>>.finish(userData, .failure(.internal("client_open succeeded without a client")))
                }
            }, userData)
        }
        withExtendedLifetime(arena) {}
        let sink = logger.flatMap { ClientLogSink.attach($0, to: box.value, of: library) }
        return ClientHandle(library: library, pointer: box.value, logSink: sink)
    }

    /// The open client, or `cancelled` after close.
    func current() throws(CloudError) -> OpaquePointer {
        lock.lock()
        defer { lock.unlock() }
        guard let pointer else { throw CloudError(.cancelled, "the client is closed") }
        return pointer
    }

    /// Cancels the calls started with `userData` (ABI 1.2 `cancel`; nothing
    /// when the provider lacks it or the client is closed). Runs under the
    /// lock, so `close` cannot free the client during it; `cancel` never blocks.
    func cancel(_ userData: UnsafeMutableRawPointer) {
        guard let entry = library.table.cancel else { return }
        lock.withLock {
            if let pointer { entry(pointer, userData) }
        }
    }

    /// Takes the pointer out, so exactly one closer gets it.
    private func take() -> OpaquePointer? {
        lock.withLock {
            let pointer = self.pointer
            self.pointer = nil
            return pointer
        }
    }

    func close() async {
        guard let pointer = take() else { return }
        let close = UncheckedSendable((library.table.client_close, pointer, logSink.value))
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                close.value.0?(close.value.1)
                ClientLogSink.release(close.value.2)
                continuation.resume()
            }
        }
    }
}
