import ArgumentParser
import CloudKit

/// `cloudkit storage …`: object storage commands.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Object storage: buckets and objects.",
        subcommands: [
            CreateBucketCommand.self, DeleteBucketCommand.self, PutCommand.self, GetCommand.self, HeadCommand.self,
            DeleteCommand.self, ListCommand.self, CopyCommand.self, PresignCommand.self, ListBucketsCommand.self, SyncCommand.self,
        ])
}

struct CreateBucketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-bucket", abstract: "Create a bucket.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String

    func run() async throws {
        try await global.load().storage.createBucket(bucket)
    }
}

struct HeadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "head", abstract: "Show an object's size, ETag, type, date and metadata as JSON.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Argument(help: "Object key.") var key: String

    func run() async throws {
        let info = try await global.load().storage.headObject(bucket: bucket, key: key)
        try Terminal.printJSON(Terminal.json(info))
    }
}

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "copy", abstract: "Copy an object (bytes, content type and metadata) inside the provider.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Source bucket.") var sourceBucket: String
    @Argument(help: "Source key.") var sourceKey: String
    @Argument(help: "Destination bucket.") var bucket: String
    @Argument(help: "Destination key.") var key: String
    @OptionGroup var objectOptions: ObjectOptionFlags
    @OptionGroup var progress: ProgressFlags

    func run() async throws {
        let cloud = try await global.load()
        let request = CopyObjectRequest(sourceBucket: sourceBucket, sourceKey: sourceKey, bucket: bucket, key: key, options: try objectOptions.values())
        let info = try await CopyProgress.copy(request, storage: cloud.storage, line: progress.line())
        if global.json { try Terminal.printJSON(Terminal.json(info)) } else { print(info.etag ?? "") }
    }
}

struct PresignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presign", abstract: "Print a URL that allows GET or PUT of one object without credentials.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Bucket name.") var bucket: String
    @Argument(help: "Object key.") var key: String
    @Option(help: "GET or PUT.") var method: String = "GET"
    @Option(help: "Seconds the URL stays valid (1 to 604800).") var expires: Int64 = 3600

    func run() async throws {
        guard let verb = PresignMethod(rawValue: method.uppercased()) else {
            throw ValidationError("--method must be GET or PUT, not '\(method)'")
        }
        let url = try await global.load().storage.presign(PresignRequest(bucket: bucket, key: key, method: verb, expiresSeconds: expires))
        print(url)
    }
}
