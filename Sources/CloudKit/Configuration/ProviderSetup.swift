import CloudKitModel
import Foundation

/// What `Cloud.load` would use, without opening a client: the provider the
/// rules chose and why, the library found for it, and every option with the
/// place its value came from. For `cloudkit config` and for hosts that show
/// their users the configuration in effect.
public struct ProviderSetup: Sendable {
    /// How the provider and the configuration file were chosen.
    public let configuration: CloudConfiguration
    /// The library loaded for it (loaded and checked; no client is opened).
    public let library: ProviderLibrary
    /// Every option the provider accepts, in its table's order, then any key
    /// given that it does not accept (client_open will refuse it).
    public let options: [ResolvedOption]

    /// Applies the rules of `Cloud.load` to the same arguments and loads the
    /// library, but opens no client.
    public static func inspect(
        provider: String? = nil, options: [String: String] = [:], configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CloudError) -> ProviderSetup {
        let loaded = try LoadedProvider.load(LoaderRequest(provider: provider, configPath: configPath, options: options, environment: environment))
        guard let choice = loaded.pointer.pointee.choice else { throw .internal("the loader did not say how it chose the provider") }
        let configuration = CloudConfiguration(choice)
        let library = try ProviderLibrary.cached(loaded)
        return ProviderSetup(
            configuration: configuration, library: library,
            options: resolve(merged: loaded.options, configuration: configuration, library: library))
    }

    private static func resolve(merged: [String: String], configuration: CloudConfiguration, library: ProviderLibrary) -> [ResolvedOption] {
        let section = configuration.file.sections[library.name] ?? [:]
        func source(_ key: String) -> ResolvedOption.Source {
            if configuration.explicitOptions[key] != nil { return .explicit }
            if section[key] != nil, let file = configuration.configFile { return .configFile(path: file, section: library.name) }
            return .unset
        }
        var result = library.options.map { option in
            ResolvedOption(key: option.key, value: merged[option.key], description: option.description, source: source(option.key), accepted: true)
        }
        let accepted = Set(library.options.map(\.key))
        for key in merged.keys.sorted() where !accepted.contains(key) {
            result.append(ResolvedOption(key: key, value: merged[key], description: nil, source: source(key), accepted: false))
        }
        return result
    }
}

/// One provider option as a client would get it.
public struct ResolvedOption: Sendable, Hashable {
    /// Where an option's value came from.
    public enum Source: Sendable, Hashable {
        /// Given by the program (`Cloud.load(options:)`, the CLI's flags).
        case explicit
        /// The `[section]` of the configuration file at `path`.
        case configFile(path: String, section: String)
        /// Not set: the provider decides (its description says how).
        case unset
    }

    public let key: String
    /// The value the client gets; nil when unset.
    public let value: String?
    /// The provider's description of the key (with its default); nil for a key it does not accept.
    public let description: String?
    public let source: Source
    /// False for a key the provider does not accept.
    public let accepted: Bool

    /// The value as it may be shown: secrets (a key naming a secret, token,
    /// password or private key) as `(hidden)`, an access key id with all but
    /// its last four characters masked, as `aws configure list` does.
    public var displayValue: String? {
        guard let value else { return nil }
        return ResolvedOption.display(key: key, value: value)
    }

    static func display(key: String, value: String) -> String {
        let lowered = key.lowercased()
        if ["secret", "token", "password", "private"].contains(where: lowered.contains) { return "(hidden)" }
        if lowered.contains("key_id") || lowered.hasSuffix("access_key") {
            return String(repeating: "*", count: max(0, value.count - 4)) + value.suffix(4)
        }
        return value
    }
}
