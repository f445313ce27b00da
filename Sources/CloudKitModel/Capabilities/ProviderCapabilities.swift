/// What a provider can do, as its capabilities document says (ABI 1.3
/// `ck_provider.capabilities`): per service, the operations it supports with
/// the per-call option keys each accepts, and the service's limits.
///
/// The document is JSON:
/// `{"provider": "local", "abi": "1.3", "services": {"storage": {"operations":
/// {"put_object": {"options": ["cache_control"]}}, "limits": {"max_object_size": 5497558138880}}}}`.
public struct ProviderCapabilities: Sendable, Hashable {
    /// The provider's name.
    public var provider: String
    /// The ABI version the document was written for ("1.3").
    public var abi: String
    /// By service name (`CapabilityService`); a service the provider lacks is absent.
    public var services: [String: ServiceCapabilities]

    public init(provider: String, abi: String, services: [String: ServiceCapabilities]) {
        self.provider = provider
        self.abi = abi
        self.services = services
    }

    /// The option keys `operation` of `service` accepts, or nil when the provider lacks it.
    public func options(service: String, operation: String) -> Set<String>? {
        services[service]?.operations[operation].map { Set($0.options) }
    }

    /// The document as JSON.
    public var json: JSONValue {
        .object([
            "provider": .string(provider), "abi": .string(abi),
            "services": .object(services.mapValues(\.json)),
        ])
    }

    /// Reads a capabilities document; anything malformed is `invalid argument` saying where.
    public init(json: JSONValue) throws(CloudError) {
        guard let object = json.objectValue else { throw .invalidArgument("capabilities: the document is not a JSON object") }
        provider = object["provider"]?.stringValue ?? ""
        abi = object["abi"]?.stringValue ?? ""
        var services: [String: ServiceCapabilities] = [:]
        for (name, value) in object["services"]?.objectValue ?? [:] {
            services[name] = try ServiceCapabilities(json: value, path: "services.\(name)")
        }
        self.services = services
    }
}

/// The service names of a capabilities document.
public enum CapabilityService {
    public static let storage = "storage"
    public static let kv = "kv"
    public static let queue = "queue"
    public static let pubsub = "pubsub"
    public static let functions = "functions"
}

/// One service's operations and limits.
public struct ServiceCapabilities: Sendable, Hashable {
    /// By ABI entry name (`put_object`, `list_buckets`, …).
    public var operations: [String: OperationCapabilities]
    /// By limit name (`max_object_size`, `max_batch`, `fifo`, …); a limit not listed is unknown.
    public var limits: [String: CapabilityLimit]

    public init(operations: [String: OperationCapabilities], limits: [String: CapabilityLimit] = [:]) {
        self.operations = operations
        self.limits = limits
    }

    /// Every operation in `names`, each accepting no options.
    public init(operations names: [String], limits: [String: CapabilityLimit] = [:]) {
        self.init(operations: Dictionary(uniqueKeysWithValues: names.map { ($0, OperationCapabilities()) }), limits: limits)
    }

    var json: JSONValue {
        .object(["operations": .object(operations.mapValues(\.json)), "limits": .object(limits.mapValues(\.json))])
    }

    init(json: JSONValue, path: String) throws(CloudError) {
        guard let object = json.objectValue else { throw .invalidArgument("capabilities: \(path) is not an object") }
        var operations: [String: OperationCapabilities] = [:]
        for (name, value) in object["operations"]?.objectValue ?? [:] {
            let options = value["options"]?.arrayValue ?? []
            operations[name] = OperationCapabilities(options: try options.map { (option) throws(CloudError) in
                guard let key = option.stringValue else { throw .invalidArgument("capabilities: \(path).operations.\(name).options holds a non-string") }
                return key
            })
        }
        var limits: [String: CapabilityLimit] = [:]
        for (name, value) in object["limits"]?.objectValue ?? [:] {
            limits[name] = try CapabilityLimit(json: value, path: "\(path).limits.\(name)")
        }
        self.operations = operations
        self.limits = limits
    }
}

/// One operation: the per-call option keys it accepts.
public struct OperationCapabilities: Sendable, Hashable {
    public var options: [String]

    public init(options: [String] = []) {
        self.options = options.sorted()
    }

    var json: JSONValue { .object(["options": .array(options.map(JSONValue.string))]) }
}

/// A limit's value: a number, a yes/no, or a list of names.
public enum CapabilityLimit: Sendable, Hashable {
    case number(Int64)
    case flag(Bool)
    case names([String])

    public var number: Int64? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var flag: Bool? {
        if case .flag(let value) = self { return value }
        return nil
    }

    public var names: [String]? {
        if case .names(let value) = self { return value }
        return nil
    }

    var json: JSONValue {
        switch self {
        case .number(let value): .number(String(value))
        case .flag(let value): .bool(value)
        case .names(let values): .array(values.map(JSONValue.string))
        }
    }

    init(json: JSONValue, path: String) throws(CloudError) {
        switch json {
        case .number(let text):
            guard let value = Int64(text) else { throw .invalidArgument("capabilities: \(path) is not a whole number") }
            self = .number(value)
        case .bool(let value): self = .flag(value)
        case .array(let values):
            self = .names(try values.map { (value) throws(CloudError) in
                guard let name = value.stringValue else { throw .invalidArgument("capabilities: \(path) holds a non-string") }
                return name
            })
        default: throw .invalidArgument("capabilities: \(path) is not a number, a boolean or a list of names")
        }
    }
}
