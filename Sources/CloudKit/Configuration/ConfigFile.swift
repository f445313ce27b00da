import CCloudKitABI
import CloudKitLoader
import CloudKitModel

/// A parsed `cloudkit.toml`: top-level keys and one table per provider.
///
/// The file is a subset of TOML — comments, `[name]` headers and
/// `key = value` lines with one-line strings, decimal integers or booleans —
/// read by the C loader (`ck_config_parse`), which refuses anything outside
/// the subset with the file and the line.
public struct ConfigFile: Sendable, Hashable {
    /// Keys before the first `[section]`.
    public var topLevel: [String: String] = [:]
    /// `[name]` → its keys.
    public var sections: [String: [String: String]] = [:]

    public init(topLevel: [String: String] = [:], sections: [String: [String: String]] = [:]) {
        self.topLevel = topLevel
        self.sections = sections
    }

    /// The values of a parsed `ck_config`.
    init(_ config: UnsafePointer<ck_config>) {
        let value = config.pointee
        guard let list = value.sections else { return }
        for index in 0..<value.section_count {
            guard let section = list[index]?.pointee else { continue }
            let entries = LoaderCall.dictionary(section.entries, section.entry_count)
            let name = LoaderCall.string(section.name) ?? ""
            if name.isEmpty {
                topLevel = entries
            } else {
                sections[name] = entries
            }
        }
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(CloudError) -> ConfigFile {
        try taking { out, error in ck_config_load(path, out, error) }
    }

    /// Parses configuration text; `origin` names it in errors.
    public static func parse(_ text: String, origin: String = "configuration") throws(CloudError) -> ConfigFile {
        let bytes = Array(text.utf8)
        return try taking { out, error in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { ck_config_parse($0.baseAddress, $0.count, origin, out, error) }
            }
        }
    }

    private static func taking(
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<ck_config>?>, UnsafeMutablePointer<ck_loader_error>) -> Int32
    ) throws(CloudError) -> ConfigFile {
        var config: UnsafeMutablePointer<ck_config>?
        try LoaderCall.run { error in call(&config, error) }
        defer { ck_config_free(config) }
        return config.map { ConfigFile(UnsafePointer($0)) } ?? ConfigFile()
    }
}
