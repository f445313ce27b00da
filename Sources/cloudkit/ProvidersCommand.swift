import ArgumentParser
import CloudKit

/// `cloudkit providers`: which provider libraries are found, where, and
/// their ABI versions; with `--capabilities`, what one provider can do.
struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers", abstract: "List the provider libraries found, where, and their ABI versions.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one provider's capabilities (operations, the option keys each accepts, limits) as JSON.")
    var capabilities = false

    @Argument(help: "With --capabilities: the provider (name or path); default: the one configuration chooses.")
    var name: String?

    func run() async throws {
        if capabilities {
            var global = self.global
            if let name { global.provider = name }
            let cloud = try await global.load()
            print(try await cloud.capabilities().json.text)
            await cloud.close()
            return
        }
        let json = global.json
        let listing = try ProviderSearch().list()
        var rows: [[String: Any]] = []
        for (name, path) in listing.found.map({ ($0.name, $0.path) }) {
            do {
                let library = try ProviderLibrary.load(path: path)
                rows.append([
                    "name": library.name, "path": library.path, "version": library.version,
                    "abi": "\(library.abiMajor).\(library.abiMinor)", "description": library.summary,
                    "options": library.options.map(\.key),
                ])
            } catch {
                rows.append(["name": name, "path": path, "error": error.description])
            }
        }
        if json {
            try Terminal.printJSON(["providers": rows, "searched": listing.directories])
            return
        }
        if rows.isEmpty { print("no providers found") }
        for row in rows {
            let name = row["name"] as? String ?? ""
            let path = row["path"] as? String ?? ""
            if let error = row["error"] as? String {
                print("\(name)\t(unusable: \(error))\t\(path)")
            } else {
                print("\(name)\tABI \(row["abi"] as? String ?? "")\tv\(row["version"] as? String ?? "")\t\(path)")
            }
        }
        print("searched: \(listing.directories.joined(separator: ":"))")
    }
}
