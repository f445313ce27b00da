import ArgumentParser
import CloudKit

/// `cloudkit config`: the provider, library, configuration file and options
/// a command with the same flags would use, and where each came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Show the provider and options in effect, and where each came from.",
        discussion: """
            Applies the same rules as every other command (--provider, CLOUDKIT_PROVIDER, the configuration file's \
            `provider` key, else local; the file from --config, CLOUDKIT_CONFIG, ./cloudkit.toml, \
            ~/.config/cloudkit/config.toml) and loads the provider library, but opens no client and sends nothing. \
            Secret values are shown as (hidden); access key ids keep their last four characters.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let setup = try ProviderSetup.inspect(provider: global.provider, options: try global.providerOptions(), configPath: global.config)
        if global.json {
            try Terminal.printJSON(json(setup))
            return
        }
        let library = setup.library
        let configuration = setup.configuration
        var rows = [
            ["provider", library.name, "from \(providerSource(configuration))"],
            ["library", library.path, "version \(library.version), ABI \(library.abiMajor).\(library.abiMinor)"],
            ["config", configuration.configFile ?? "none",
             configuration.configFile == nil ? "no --config, CLOUDKIT_CONFIG, ./cloudkit.toml or ~/.config/cloudkit/config.toml" : ""],
        ]
        print(Self.table(rows))
        print("")
        rows = [["OPTION", "VALUE", "FROM"]]
        for option in setup.options {
            rows.append([option.key, option.displayValue ?? "-", source(option)])
        }
        print(Self.table(rows))
    }

    /// Where the provider choice came from, in the command line's words.
    private func providerSource(_ configuration: CloudConfiguration) -> String {
        switch configuration.providerSource {
        case "argument": "--provider"
        case "default": "the default (nothing chose another)"
        default: configuration.providerSource
        }
    }

    /// Where an option's value came from, in the command line's words.
    private func source(_ option: ResolvedOption) -> String {
        let origin: String
        switch option.source {
        case .explicit: origin = GlobalOptions.flag(forOptionKey: option.key)
        case .configFile(let path, let section): origin = "\(path) [\(section)]"
        case .unset: origin = "not set: " + (option.description ?? "")
        }
        return option.accepted ? origin : origin + " (the provider does not accept this key)"
    }

    private func json(_ setup: ProviderSetup) -> [String: Any] {
        var options: [[String: Any]] = []
        for option in setup.options {
            var entry: [String: Any] = ["key": option.key, "accepted": option.accepted]
            if let value = option.displayValue { entry["value"] = value }
            if let description = option.description { entry["description"] = description }
            switch option.source {
            case .explicit: entry["source"] = "command line"; entry["flag"] = GlobalOptions.flag(forOptionKey: option.key)
            case .configFile(let path, let section): entry["source"] = "config file"; entry["path"] = path; entry["section"] = section
            case .unset: entry["source"] = "unset"
            }
            options.append(entry)
        }
        var result: [String: Any] = [
            "provider": setup.library.name, "providerSource": setup.configuration.providerSource,
            "library": ["path": setup.library.path, "version": setup.library.version, "abi": "\(setup.library.abiMajor).\(setup.library.abiMinor)"],
            "options": options,
        ]
        if let file = setup.configuration.configFile { result["configFile"] = file }
        return result
    }

    /// Left-aligned columns, two spaces apart; the last column is not padded.
    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingSuffixSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingSuffixSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
