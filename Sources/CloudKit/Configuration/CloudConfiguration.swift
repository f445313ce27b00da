import CCloudKitABI
import CloudKitABI
import CloudKitLoader
import CloudKitModel
import Foundation

/// Which provider to load and with which options, decided by the C loader's
/// rules (`ck_loader_choose`, see DESIGN.md). Provider precedence, highest
/// first: the explicit argument → `CLOUDKIT_PROVIDER` → the configuration
/// file's `provider` key → `local`. The configuration file is the explicit
/// path, else `CLOUDKIT_CONFIG`, else `./cloudkit.toml`, else
/// `$XDG_CONFIG_HOME/cloudkit/config.toml` (`~/.config/cloudkit/config.toml`).
/// Options: the file's `[provider]` section, overridden key by key by
/// explicit options.
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

    init(provider: String, providerSource: String, configFile: String?, file: ConfigFile, explicitOptions: [String: String]) {
        self.provider = provider
        self.providerSource = providerSource
        self.configFile = configFile
        self.file = file
        self.explicitOptions = explicitOptions
    }

    /// The values of the loader's `ck_loader_choice`.
    init(_ choice: UnsafePointer<ck_loader_choice>) {
        let value = choice.pointee
        provider = LoaderCall.string(value.provider) ?? ""
        providerSource = LoaderCall.string(value.source) ?? ""
        configFile = LoaderCall.string(value.config_path)
        file = value.config.map { ConfigFile($0) } ?? ConfigFile()
        explicitOptions = value.explicit_options.map { LoaderCall.dictionary($0.pointee.pairs, $0.pointee.count) } ?? [:]
    }

    /// Resolves the configuration. `configPath` (e.g. `--config`) must exist when given; the
    /// implicit locations are skipped when absent.
    public static func resolve(
        provider: String? = nil, options: [String: String] = [:], configPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(CloudError) -> CloudConfiguration {
        let request = LoaderRequest(
            provider: provider, configPath: configPath, options: options, environment: environment, currentDirectory: currentDirectory)
        return try request.withRequest { request throws(CloudError) in
            var choice: UnsafeMutablePointer<ck_loader_choice>?
            try LoaderCall.run { error in ck_loader_choose(request, &choice, error) }
            defer { ck_loader_choice_free(choice) }
            guard let choice else { throw CloudError.internal("the loader chose nothing") }
            return CloudConfiguration(UnsafePointer(choice))
        }
    }

    /// The options for the provider whose reported name is `name`: its
    /// section of the file, overridden by the explicit options (`ck_loader_merge_options`).
    public func options(forProviderNamed name: String) throws(CloudError) -> [String: String] {
        let arena = CArena()
        let (base, baseCount) = arena.pairs(file.sections[name] ?? [:])
        let (overrides, overrideCount) = arena.pairs(explicitOptions)
        var merged: UnsafeMutablePointer<ck_options>?
        try LoaderCall.run { error in ck_loader_merge_options(base, baseCount, overrides, overrideCount, &merged, error) }
        defer { ck_options_free(merged) }
        withExtendedLifetime(arena) {}
        return merged.map { LoaderCall.dictionary($0.pointee.pairs, $0.pointee.count) } ?? [:]
    }
}
