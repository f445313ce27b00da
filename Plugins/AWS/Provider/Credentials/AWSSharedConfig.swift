import CloudKitModel
import Foundation

/// The shared AWS files, `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`)
/// and `~/.aws/config` (`AWS_CONFIG_FILE`), seen through one profile: the
/// explicit one, else `AWS_PROFILE`, else `default`. In the config file a
/// profile's section is `[profile NAME]` (`[default]` for the default); in the
/// credentials file it is `[NAME]`. Keys from the credentials file win.
public struct AWSSharedConfig: Sendable {
    public let profileName: String
    public let credentialsPath: String
    public let configPath: String

    public init(profile: String?, environment: [String: String]) {
        profileName = profile.flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let home = environment["HOME"] ?? NSHomeDirectory()
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.aws/credentials"
        configPath = environment["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.aws/config"
    }

    /// The profile's merged settings (keys lower-cased), or nil when neither file has it.
    public func settings() throws(CloudError) -> [String: String]? {
        try settings(of: profileName)
    }

    /// Another profile's merged settings (for `source_profile`), or nil when neither file has it.
    public func settings(of name: String) throws(CloudError) -> [String: String]? {
        let credentials = try AWSProfileFile.load(credentialsPath)
        let config = try AWSProfileFile.load(configPath)
        let fromConfig = name == "default"
            ? (config.sections["default"] ?? config.sections["profile default"])
            : config.sections["profile \(name)"]
        let fromCredentials = credentials.sections[name]
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// The profile's `region`, if set.
    public func region() -> String? {
        (try? settings())??["region"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// An INI file as the AWS tools read it: `[section]` headers, `key = value`
/// lines, `#` and `;` comments, indented continuation lines for nested
/// settings (kept out of the top level), keys case-insensitive.
public struct AWSProfileFile: Sendable, Hashable {
    /// Section name (whitespace-trimmed, as written) → lower-cased key → value.
    public var sections: [String: [String: String]] = [:]

    public init(sections: [String: [String: String]] = [:]) {
        self.sections = sections
    }

    /// Reads `path`; a missing file is an empty one.
    public static func load(_ path: String) throws(CloudError) -> AWSProfileFile {
        guard FileManager.default.fileExists(atPath: path) else { return AWSProfileFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CloudError(.permissionDenied, "cannot read \(path)", code: "ConfigUnreadable")
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    public static func parse(_ text: String) -> AWSProfileFile {
        var file = AWSProfileFile()
        var section: String?
        var nestedParent: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") {
                guard let close = trimmed.firstIndex(of: "]") else { section = nil; continue }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
                    .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                section = name
                nestedParent = nil
                if file.sections[name] == nil { file.sections[name] = [:] }
                continue
            }
            guard let section else { continue }
            let indented = line.first == " " || line.first == "\t"
            guard let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if indented, let parent = nestedParent {
                file.sections[section, default: [:]]["\(parent).\(key)"] = value
                continue
            }
            nestedParent = value.isEmpty ? key : nil
            if !value.isEmpty || file.sections[section]?[key] == nil {
                file.sections[section, default: [:]][key] = value
            }
        }
        return file
    }
}
