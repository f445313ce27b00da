import Foundation

/// Finds a provider's library file from its name, as DESIGN.md specifies:
/// a value containing `/` is a path; a name `NAME` is `libcloudkit-NAME.so`
/// searched in `CLOUDKIT_PLUGIN_PATH` (colon-separated), then beside the
/// executable, then the installed library directory (`<exe>/../lib/cloudkit`,
/// then `/usr/local/lib/cloudkit`).
public struct ProviderLocator: Sendable {
    public var environment: [String: String]
    /// The folder of the running executable.
    public var executableDirectory: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, executableDirectory: String? = ProviderLocator.currentExecutableDirectory()) {
        self.environment = environment
        self.executableDirectory = executableDirectory
    }

    /// The folder of the running executable, from /proc/self/exe.
    public static func currentExecutableDirectory() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        }
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// The library file name for a provider name.
    public static func fileName(for name: String) -> String { "libcloudkit-\(name).so" }

    /// Every folder searched, in order.
    public var searchDirectories: [String] {
        var directories: [String] = []
        if let pluginPath = environment["CLOUDKIT_PLUGIN_PATH"] {
            directories += pluginPath.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let executableDirectory {
            directories.append(executableDirectory)
            directories.append(URL(fileURLWithPath: executableDirectory).deletingLastPathComponent().appendingPathComponent("lib/cloudkit").path)
        }
        directories.append("/usr/local/lib/cloudkit")
        return directories
    }

    /// The path of the library for `nameOrPath`, or a `not found` error that
    /// lists every place looked at.
    public func locate(_ nameOrPath: String) throws(CloudError) -> String {
        if nameOrPath.contains("/") {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw CloudError(.notFound, "provider library \(nameOrPath) does not exist", code: "ProviderNotFound")
            }
            return nameOrPath
        }
        guard !nameOrPath.isEmpty, nameOrPath.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .invalidArgument("'\(nameOrPath)' is not a provider name (letters, digits, - and _) or a path")
        }
        let file = Self.fileName(for: nameOrPath)
        let candidates = searchDirectories.map { URL(fileURLWithPath: $0).appendingPathComponent(file).path }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw CloudError(
            .notFound, "provider '\(nameOrPath)' not found: no \(file) in \(searchDirectories.joined(separator: ", "))",
            code: "ProviderNotFound")
    }

    /// Every provider library found in the search folders (first occurrence of each name wins).
    public func discover() -> [(name: String, path: String)] {
        var seen = Set<String>()
        var found: [(name: String, path: String)] = []
        for directory in searchDirectories {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { continue }
            for entry in entries.sorted() where entry.hasPrefix("libcloudkit-") && entry.hasSuffix(".so") {
                let name = String(entry.dropFirst("libcloudkit-".count).dropLast(".so".count))
                guard seen.insert(name).inserted else { continue }
                found.append((name, URL(fileURLWithPath: directory).appendingPathComponent(entry).path))
            }
        }
        return found
    }
}
