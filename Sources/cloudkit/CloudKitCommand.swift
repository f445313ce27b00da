import ArgumentParser
import CloudKit

/// The `cloudkit` command: one tool for every provider's services.
struct CloudKitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cloudkit",
        abstract: "Use cloud services through any cloudkit provider (local by default).",
        discussion: """
            The provider is chosen by --provider, else CLOUDKIT_PROVIDER, else the configuration file's \
            `provider` key (--config, CLOUDKIT_CONFIG, ./cloudkit.toml, ~/.config/cloudkit/config.toml), else `local`.
            Exit status: 0 success, 1 failure, 2 usage error, 3 not found, 4 provider unavailable, \
            5 configuration file error, 6 local input file missing or unreadable, 130/143 interrupted.
            """,
        version: CloudKitVersion.current,
        subcommands: [StorageCommand.self, KVCommand.self, QueueCommand.self, PubSubCommand.self, FunctionCommand.self, AWSCommand.self, ProvidersCommand.self, ConfigCommand.self,
                      ConformanceCommand.self])
}

/// Options every service command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Provider name (aws, local) or path to a provider library.")
    var provider: String?

    @Option(help: "Configuration file (a subset of TOML: [name] sections of key = string, integer or boolean; see the README).")
    var config: String?

    @Option(help: "Region (provider option `region`).")
    var region: String?

    @Option(name: .customLong("endpoint-url"), help: "Service endpoint URL (provider option `endpoint_url`).")
    var endpointURL: String?

    @Option(help: "Credentials profile (provider option `profile`).")
    var profile: String?

    @Option(name: .customLong("option"), help: ArgumentHelp("Any provider option as KEY=VALUE (repeatable).", valueName: "KEY=VALUE"))
    var options: [String] = []

    @Flag(help: "Print results as JSON.")
    var json = false

    @Flag(
        name: [.customLong("debug"), .customShort("v"), .customLong("verbose")],
        help: "Log what the provider does (each call, each HTTP request and retry, with timings) to standard error; never secrets.")
    var debug = false

    /// Options that take a value and flags, as written before a subcommand.
    static let valued: Set<String> = ["--provider", "--config", "--region", "--endpoint-url", "--profile", "--option"]
    static let flags: Set<String> = ["--json", "--debug", "-v", "--verbose"]

    /// Moves global options written before the subcommand
    /// (`cloudkit --provider aws storage list b`) behind it, where the
    /// subcommand's option group parses them.
    static func hoisted(_ arguments: [String]) -> [String] {
        var globals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                globals.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    globals.append(arguments[index + 1])
                    index += 1
                }
            } else if flags.contains(argument) {
                globals.append(argument)
            } else {
                break
            }
            index += 1
        }
        return Array(arguments[index...]) + globals
    }

    /// The provider options these flags set.
    func providerOptions() throws -> [String: String] {
        var result: [String: String] = [:]
        for option in options {
            guard let equals = option.firstIndex(of: "="), equals != option.startIndex else {
                throw ValidationError("--option takes KEY=VALUE, not '\(option)'")
            }
            result[String(option[..<equals])] = String(option[option.index(after: equals)...])
        }
        for dedicated in Self.dedicatedFlags {
            if let value = self[keyPath: dedicated.value] { result[dedicated.key] = value }
        }
        return result
    }

    /// The provider options with a flag of their own (the rest take `--option`).
    static let dedicatedFlags: [(key: String, flag: String, value: any KeyPath<GlobalOptions, String?> & Sendable)] = [
        ("region", "--region", \.region), ("endpoint_url", "--endpoint-url", \.endpointURL), ("profile", "--profile", \.profile),
    ]

    /// The flag that sets provider option `key` (`cloudkit config` names it).
    static func flag(forOptionKey key: String) -> String {
        dedicatedFlags.first { $0.key == key }?.flag ?? "--option \(key)=…"
    }

    /// Turns on `--debug` before any provider library is loaded (ArgumentParser
    /// validates option groups while parsing, before `run`).
    func validate() throws {
        if debug { CLILog.showEverything() }
    }

    /// Loads the chosen provider and opens a client; its log lines go to
    /// standard error (`CLILog`).
    func load() async throws -> Cloud {
        try await Cloud.load(provider: provider, options: try providerOptions(), configPath: config, logger: CLILog.clientLogger)
    }
}
