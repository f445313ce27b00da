import Foundation

/// Which provider to load and with which options, decided by the rules of
/// DESIGN.md. Provider precedence, highest first: the explicit argument →
/// `CLOUDKIT_PROVIDER` → the configuration file's `provider` key → `local`.
/// The configuration file is the explicit path, else `CLOUDKIT_CONFIG`, else
/// `./cloudkit.toml`, else `$XDG_CONFIG_HOME/cloudkit/config.toml`
/// (`~/.config/cloudkit/config.toml`). Options: the file's `[provider]`
/// section, overridden key by key by explicit options.
public struct CloudConfiguration: Sendable, Hashable {
    /// A provider name ("aws") or a library path.
    public var provider: String
    /// Where `provider` came from: "argument", "CLOUDKIT_PROVIDER", "config file PATH" or "default".
    public var providerSource: String
    /// The configuration file that was read, if any.
    public var configFile: String?
    /// The parsed file (empty when there is none).
    public var file: ConfigFile
    /// Options given explicitly (they win over the file's).
    public var explicitOptions: [String: String]

    /// The default provider when nothing else chooses one.
    public static let defaultProvider = "local"

    /// Resolves the configuration. `configPath` (e.g. `--config`) must exist when given; the
    /// implicit locations are skipped when absent.
    public static func resolve(
        provider: String? = nil, options: [String: String] = [:], configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(CloudError) -> CloudConfiguration {
        let path = try configFilePath(explicit: configPath, environment: environment, currentDirectory: currentDirectory)
        let file = try path.map { path throws(CloudError) in try ConfigFile.load(path: path) } ?? ConfigFile()
        let chosen: (String, String)
        if let provider, !provider.isEmpty {
            chosen = (provider, "argument")
        } else if let fromEnvironment = environment["CLOUDKIT_PROVIDER"], !fromEnvironment.isEmpty {
            chosen = (fromEnvironment, "CLOUDKIT_PROVIDER")
        } else if let fromFile = file.topLevel["provider"], let path {
            chosen = (fromFile, "config file \(path)")
        } else {
            chosen = (defaultProvider, "default")
        }
        return CloudConfiguration(
            provider: chosen.0, providerSource: chosen.1, configFile: path, file: file, explicitOptions: options)
    }

    /// The options for the provider whose reported name is `name`.
    public func options(forProviderNamed name: String) -> [String: String] {
        (file.sections[name] ?? [:]).merging(explicitOptions) { _, explicit in explicit }
    }

    static func configFilePath(explicit: String?, environment: [String: String], currentDirectory: String) throws(CloudError) -> String? {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw CloudError(.notFound, "configuration file \(explicit) does not exist", code: "ConfigNotFound")
            }
            return explicit
        }
        if let fromEnvironment = environment["CLOUDKIT_CONFIG"], !fromEnvironment.isEmpty {
            guard FileManager.default.fileExists(atPath: fromEnvironment) else {
                throw CloudError(.notFound, "configuration file \(fromEnvironment) (CLOUDKIT_CONFIG) does not exist", code: "ConfigNotFound")
            }
            return fromEnvironment
        }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("cloudkit.toml").path
        if FileManager.default.fileExists(atPath: local) { return local }
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { "\($0)/.config" }
        if let configHome {
            let user = "\(configHome)/cloudkit/config.toml"
            if FileManager.default.fileExists(atPath: user) { return user }
        }
        return nil
    }
}
