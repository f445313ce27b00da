import ArgumentParser
import CloudKit
import Foundation

/// `cloudkit storage put B KEY [FILE|-]`: upload a file or standard input,
/// streamed in bounded memory (`StandardInputBody`), with a progress line.
struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Store an object from a file or standard input.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Argument(help: "Object key.") var key: String
    @Argument(help: "File to upload, or - (the default) for standard input.") var file: String = "-"
    @Option(name: .customLong("content-type"), help: "Content type (default: guessed from the key's extension, else application/octet-stream).")
    var contentType: String?
    @Option(parsing: .upToNextOption, help: ArgumentHelp("User metadata as k=v pairs.", valueName: "k=v"))
    var metadata: [String] = []
    @OptionGroup var objectOptions: ObjectOptionFlags
    @Flag(name: .customLong("if-absent"), help: "Store only if no object has the key (precondition failed otherwise).") var ifAbsent = false
    @Option(name: .customLong("if-match"), help: "Replace only the object with this ETag (precondition failed otherwise).") var ifMatch: String?
    @OptionGroup var progress: ProgressFlags

    func run() async throws {
        guard !(ifAbsent && ifMatch != nil) else { throw ValidationError("--if-absent and --if-match cannot both be given") }
        let condition: ObjectWriteCondition? = ifAbsent ? .ifAbsent : ifMatch.map { .ifMatch($0) }
        let options = try objectOptions.values()
        var pairs: [String: String] = [:]
        for item in metadata {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("--metadata takes k=v, not '\(item)'")
            }
            pairs[String(item[..<equals]).lowercased()] = String(item[item.index(after: equals)...])
        }
        let body: BodySource
        if file == "-" {
            body = try StandardInputBody.source()
        } else {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw CloudError(.notFound, "cannot read \(file)", code: "NoSuchFile")
            }
            body = .file(path: file)
        }
        let cloud = try await global.load()
        let line = progress.line()
        defer { line?.finish() }
        let info = try await cloud.storage.putObject(
            PutObjectRequest(
                bucket: bucket, key: key, body: body, contentType: contentType ?? ContentTypes.guess(for: key), metadata: pairs, condition: condition,
                options: options, progress: line?.handler))
        line?.finish()
        if global.json { try Terminal.printJSON(Terminal.json(info)) } else { print(info.etag ?? "") }
    }
}
