import Foundation

/// A parsed `cloudkit.toml`: top-level keys and one table per provider.
///
/// cloudkit's configuration uses only the flat corner of TOML — `[section]`
/// headers and `key = value` lines with string, integer or boolean values —
/// so this reads that subset itself rather than pull in TOMLKit, whose C++
/// toml++ core would double a clean build of the whole package. Anything
/// outside the subset is an error naming the line, never silently skipped.
public struct ConfigFile: Sendable, Hashable {
    /// Keys before the first `[section]`.
    public var topLevel: [String: String] = [:]
    /// `[name]` → its keys.
    public var sections: [String: [String: String]] = [:]

    public init(topLevel: [String: String] = [:], sections: [String: [String: String]] = [:]) {
        self.topLevel = topLevel
        self.sections = sections
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(CloudError) -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CloudError(.invalidArgument, "cannot read configuration file \(path): \(error.localizedDescription)", code: "ConfigUnreadable")
        }
        return try parse(text, origin: path)
    }

    /// Parses configuration text; `origin` names it in errors.
    public static func parse(_ text: String, origin: String = "configuration") throws(CloudError) -> ConfigFile {
        var file = ConfigFile()
        var section: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func fail(_ why: String) -> CloudError {
                CloudError(.invalidArgument, "\(origin):\(lineNumber): \(why)", code: "ConfigSyntax")
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw fail("expected a [section] header") }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                guard isBareKey(name) else { throw fail("'\(name)' is not a valid section name") }
                section = name
                if file.sections[name] == nil { file.sections[name] = [:] }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected key = value") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard isBareKey(key) else { throw fail("'\(key)' is not a valid key") }
            guard let value = parseValue(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)) else {
                throw fail("'\(key)' has a value that is not a string, integer or boolean")
            }
            if let section {
                guard file.sections[section]?[key] == nil else { throw fail("'\(key)' is set twice in [\(section)]") }
                file.sections[section, default: [:]][key] = value
            } else {
                guard file.topLevel[key] == nil else { throw fail("'\(key)' is set twice") }
                file.topLevel[key] = value
            }
        }
        return file
    }

    private static func isBareKey(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Drops a `#` comment that is not inside a quoted string.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var escaped = false
        for (offset, character) in line.enumerated() {
            if escaped { escaped = false; continue }
            if character == "\\" && quote == "\"" { escaped = true; continue }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" {
                return String(line.prefix(offset))
            }
        }
        return line
    }

    /// A string (basic or literal), integer or boolean, as text; nil when it is none of these.
    private static func parseValue(_ text: String) -> String? {
        if text == "true" || text == "false" { return text }
        if let _ = Int64(text.replacingOccurrences(of: "_", with: "")) { return text.replacingOccurrences(of: "_", with: "") }
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            let inner = String(text.dropFirst().dropLast())
            return inner.contains("'") ? nil : inner
        }
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        var result = ""
        var iterator = text.dropFirst().dropLast().makeIterator()
        while let character = iterator.next() {
            if character == "\"" { return nil }
            guard character == "\\" else { result.append(character); continue }
            switch iterator.next() {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            default: return nil
            }
        }
        return result
    }
}
