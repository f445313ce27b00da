import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// S3 multipart upload against moto, read back with boto3: large files and
/// streams arrive whole with their type and metadata, a failing body leaves
/// no object and no upload behind, and a failed part is retried on its own.
@Suite("S3 multipart upload against moto", .enabled(if: ProviderFixture.providers.contains("aws")))
struct AWSMultipartTests {
    /// 5 MiB parts from 5 MiB on, so a test moves little data.
    static func open(_ endpoint: String, concurrency: Int = 3) async throws -> Cloud {
        var options = ProviderFixture.awsOptions(endpoint: endpoint)
        options["multipart_threshold_mb"] = "5"
        options["multipart_part_size_mb"] = "5"
        options["multipart_concurrency"] = String(concurrency)
        return try await Cloud.load(provider: "aws", options: options, environment: ProviderFixture.environment)
    }

    static let mebibyte = 1 << 20

    static func pattern(_ count: Int, seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 11)) &+ seed })
    }

    /// What boto3 sees of an object: its ETag, content type, metadata and SHA-256.
    static func botoHead(_ bucket: String, _ key: String, endpoint: String) async throws -> [String: Any] {
        let script = """
            import boto3, hashlib, json, sys
            s3 = boto3.client("s3")
            head = s3.head_object(Bucket=sys.argv[1], Key=sys.argv[2])
            body = s3.get_object(Bucket=sys.argv[1], Key=sys.argv[2])["Body"].read()
            print(json.dumps({"etag": head["ETag"], "type": head["ContentType"], "metadata": head["Metadata"],
                              "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}))
            """
        let outcome = try await BotoRunner.python(script, [bucket, key], endpoint: endpoint)
        guard outcome.status == 0, let json = try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any] else {
            throw CloudError(.internal, "boto3 could not read \(bucket)/\(key): \(outcome.stderr)")
        }
        return json
    }

    static func sha256(_ data: Data) async throws -> String {
        let outcome = try await ProgramRunner.run(ProgramRunner.which("sha256sum") ?? "/usr/bin/sha256sum", [], stdin: data)
        return String(outcome.text.prefix(64))
    }

    @Test("a 12 MiB file goes up in three parts that boto3 reads back whole, with its type and metadata; progress reaches the total")
    func fileInParts() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await Self.open(endpoint)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        let data = Self.pattern(12 * Self.mebibyte + 3, seed: 1)
        let path = try ProviderFixture.temporaryDirectory("mpu") + "/big.bin"
        try data.write(to: URL(fileURLWithPath: path))
        let last = LockedCounter()
        let info = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "big/file.bin", body: .file(path: path), contentType: "application/x-test", metadata: ["origin": "cloudkit"],
            progress: { done, total in if done == total { last.advance(by: 1) } }))
        #expect(info.size == Int64(data.count))
        #expect(info.etag?.hasSuffix("-3\"") == true, "\(String(describing: info.etag))")
        #expect(last.value >= 1, "progress never reached the total")
        let boto = try await Self.botoHead(bucket, "big/file.bin", endpoint: endpoint)
        #expect(boto["etag"] as? String == info.etag)
        #expect(boto["type"] as? String == "application/x-test")
        #expect(boto["metadata"] as? [String: String] == ["origin": "cloudkit"])
        #expect(boto["size"] as? Int == data.count)
        #expect(boto["sha256"] as? String == (try await Self.sha256(data)))
        await cloud.close()
    }

    @Test("a stream of 11 MiB goes up in parts of 5, 5 and 1 MiB and reads back identical")
    func streamInParts() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await Self.open(endpoint, concurrency: 1)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        let data = Self.pattern(11 * Self.mebibyte, seed: 2)
        let info = try await cloud.storage.putObject(
            PutObjectRequest(bucket: bucket, key: "streamed", body: .stream(length: Int64(data.count), reader: .over(data))))
        #expect(info.etag?.hasSuffix("-3\"") == true)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed")).data == data)
        await cloud.close()
    }

    @Test("a body that fails partway leaves neither an object nor an unfinished upload, and the old object stays")
    func failedBodyAborts() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await Self.open(endpoint)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "kept", body: .bytes(Data("old".utf8))))
        struct Broken: Error {}
        for key in ["kept", "never"] {
            // Gives 7 MiB of a declared 12, then fails.
            let given = LockedCounter()
            let reader = BodyReader { buffer in
                let start = given.take(buffer.count, limit: 7 * Self.mebibyte)
                guard start < 7 * Self.mebibyte else { throw Broken() }
                buffer.initializeMemory(as: UInt8.self, repeating: 0x42)
                return min(buffer.count, 7 * Self.mebibyte - start)
            }
            do {
                _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .stream(length: Int64(12 * Self.mebibyte), reader: reader)))
                Issue.record("a body that failed was stored as \(key)")
            } catch {
                #expect(error.kind == .cancelled, "\(error)")
            }
        }
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "kept")).data == Data("old".utf8))
        let missing = await #expect(throws: CloudError.self) { _ = try await cloud.storage.headObject(bucket: bucket, key: "never") }
        #expect(missing?.kind == .notFound)
        let uploads = try await BotoRunner.python(
            "import boto3, sys\nprint(len(boto3.client('s3').list_multipart_uploads(Bucket=sys.argv[1]).get('Uploads', [])))", [bucket],
            endpoint: endpoint)
        #expect(uploads.text.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(uploads.stderr)")
        await cloud.close()
    }

    @Test("an object past the threshold is copied in parts (UploadPartCopy) with its type and metadata; a small one in one CopyObject")
    func copyInParts() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let cloud = try await Self.open(endpoint)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        let data = Self.pattern(12 * Self.mebibyte + 7, seed: 4)
        _ = try await cloud.storage.putObject(PutObjectRequest(
            bucket: bucket, key: "source", body: .bytes(data), contentType: "video/x-test", metadata: ["take": "2"]))
        let copied = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "source", bucket: bucket, key: "copy"))
        #expect(copied.size == Int64(data.count))
        #expect(copied.etag?.hasSuffix("-3\"") == true, "\(String(describing: copied.etag))")
        let boto = try await Self.botoHead(bucket, "copy", endpoint: endpoint)
        #expect(boto["etag"] as? String == copied.etag)
        #expect(boto["type"] as? String == "video/x-test")
        #expect(boto["metadata"] as? [String: String] == ["take": "2"])
        #expect(boto["sha256"] as? String == (try await Self.sha256(data)))

        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "small", body: .bytes(Data("small".utf8))))
        let small = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "small", bucket: bucket, key: "small-copy"))
        #expect(small.etag?.contains("-") == false)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "small-copy")).data == Data("small".utf8))
        let missing = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.copyObject(CopyObjectRequest(sourceBucket: bucket, sourceKey: "absent", bucket: bucket, key: "x"))
        }
        #expect(missing?.kind == .notFound)
        await cloud.close()
    }

    /// A client through the fault proxy, a new bucket, and `key` in it: `size` bytes of `pattern(_:seed:)`.
    static func proxiedObject(_ key: String, size: Int, seed: UInt8) async throws -> (FaultProxy, Cloud, String, Data, ObjectInfo) {
        let proxy = try #require(await AWSFaultRetryTests.proxy.value, "the fault proxy did not start")
        let cloud = try await open(proxy.endpoint)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        let data = pattern(size, seed: seed)
        let put = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(data)))
        return (proxy, cloud, bucket, data, put)
    }

    @Test("a 12 MiB object comes down in three ranged GETs pinned to its ETag, to memory and to a file; small and empty objects take one")
    func rangedDownloads() async throws {
        let (proxy, cloud, bucket, data, put) = try await Self.proxiedObject("big", size: 12 * Self.mebibyte + 5, seed: 5)
        let etag = try #require(put.etag)
        let whole = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "big"))
        #expect(whole.data == data)
        #expect(whole.info.size == Int64(data.count))
        #expect(try await proxy.seen(["GET /\(bucket)/big ", "range=bytes="]) == 3)
        #expect(try await proxy.seen(["GET /\(bucket)/big ", "if-match=\(etag)"]) == 2)

        let folder = try ProviderFixture.temporaryDirectory("download")
        let reached = LockedCounter()
        _ = try await cloud.storage.getObject(GetObjectRequest(
            bucket: bucket, key: "big", sink: .file(path: "\(folder)/big.bin"),
            progress: { done, total in if done == total && total == Int64(data.count) { reached.advance(by: 1) } }))
        #expect(FileManager.default.contents(atPath: "\(folder)/big.bin") == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["big.bin"], "a temporary file was left")
        #expect(reached.value >= 1)

        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "small", body: .bytes(Data("tiny".utf8))))
        _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "empty", body: .bytes(Data())))
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "small")).data == Data("tiny".utf8))
        #expect(try await proxy.seen(["GET /\(bucket)/small "]) == 1)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "empty")).data == Data())
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "empty", sink: .file(path: "\(folder)/empty.bin")))
        #expect(FileManager.default.contents(atPath: "\(folder)/empty.bin") == Data())

        // A part refused as if the object had changed fails the download and leaves no file behind.
        try await proxy.arm(["GET /\(bucket)/big ", "range=bytes=\(5 * Self.mebibyte)-"], .reply(
            status: 412, body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
            contentType: "application/xml"))
        let changed = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "big", sink: .file(path: "\(folder)/changed.bin")))
        }
        #expect(changed?.kind == .preconditionFailed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["big.bin", "empty.bin"])
        await cloud.close()
    }

    @Test("into the host's own memory (ABI 1.6): a part refused mid-download fails the get, a cancelled get ends cancelled or whole, and the next get of the object comes back whole beside them")
    func rangedDownloadsIntoLentMemory() async throws {
        let (proxy, cloud, bucket, data, _) = try await Self.proxiedObject("lent", size: 12 * Self.mebibyte + 9, seed: 8)
        // The last part is refused: the parts before it have landed in the lent memory, which the host frees.
        try await proxy.arm(["GET /\(bucket)/lent ", "range=bytes=\(10 * Self.mebibyte)-"], .reply(
            status: 412, body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
            contentType: "application/xml"))
        let refused = await #expect(throws: CloudError.self) { _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "lent")) }
        #expect(refused?.kind == .preconditionFailed)

        // Cancelled at once, while another get of the same object runs: each ends on its own.
        let cancelled = Task { try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "lent")) }
        let beside = Task { try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "lent")) }
        cancelled.cancel()
        switch await cancelled.result {
        case .success(let result): #expect(result.data == data, "a get that finished before the cancel is whole")
        case .failure(let error): #expect((error as? CloudError)?.kind == .cancelled)
        }
        #expect(try await beside.value.data == data)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "lent")).data == data)
        await cloud.close()
    }

    @Test("to a stream, a 12 MiB object comes down in 4 MiB ranged parts handed on in order, in pieces of at most 512 KiB; a cut part is fetched again, a refused one ends the download after the parts before it")
    func streamedRangedDownload() async throws {
        let (proxy, cloud, bucket, data, put) = try await Self.proxiedObject("streamed", size: 12 * Self.mebibyte + 5, seed: 8)
        let etag = try #require(put.etag)
        let part = 4 * Self.mebibyte
        let received = LockedData()
        let largestPiece = LockedCounter()
        let writer = BodyWriter { piece in
            received.append(piece)
            // Pieces come one at a time, so the read and the advance cannot interleave.
            let size = Int64(piece.count)
            if size > largestPiece.value { largestPiece.advance(by: size - largestPiece.value) }
        }
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(writer)))
        #expect(received.value == data, "the stream got the object once, in order")
        #expect(largestPiece.value <= 512 * 1024)
        #expect(try await proxy.seen(["GET /\(bucket)/streamed ", "range=bytes="]) == 4)
        #expect(try await proxy.seen(["GET /\(bucket)/streamed ", "if-match=\(etag)"]) == 3)

        let secondPart = ["GET /\(bucket)/streamed ", "range=bytes=\(part)-"]
        try await proxy.arm(secondPart, .loseReply)
        let again = LockedData()
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(BodyWriter { again.append($0) })))
        #expect(again.value == data, "a cut part was fetched again and nothing reached the stream twice")
        #expect(try await proxy.seen(secondPart) == 3)

        try await proxy.arm(["GET /\(bucket)/streamed ", "range=bytes=\(2 * part)-"], .reply(
            status: 412, body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
            contentType: "application/xml"))
        let prefix = LockedData()
        let changed = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "streamed", sink: .stream(BodyWriter { prefix.append($0) })))
        }
        #expect(changed?.kind == .preconditionFailed)
        #expect(prefix.value.count <= 2 * part && data.starts(with: prefix.value), "only whole parts before the refused one, in order")
        await cloud.close()
    }

    @Test("a part cut off mid-body is sent again and lands in place; cut off on every attempt, a download to a file fails and leaves no file and no temporary")
    func partCutOffMidBody() async throws {
        let (proxy, cloud, bucket, data, _) = try await Self.proxiedObject("cut", size: 11 * Self.mebibyte + 7, seed: 6)
        let secondPart = ["GET /\(bucket)/cut ", "range=bytes=\(5 * Self.mebibyte)-"]
        let folder = try ProviderFixture.temporaryDirectory("download-cut")

        try await proxy.arm(secondPart, .loseReply)
        #expect(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "cut")).data == data)
        try await proxy.arm(secondPart, .loseReply)
        _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "cut", sink: .file(path: "\(folder)/whole.bin")))
        #expect(FileManager.default.contents(atPath: "\(folder)/whole.bin") == data)
        #expect(try await proxy.seen(secondPart) == 4, "each download sent the cut part twice")

        try await proxy.arm(secondPart, .loseReply, times: 3)
        let failed = await #expect(throws: CloudError.self) {
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: "cut", sink: .file(path: "\(folder)/failed.bin")))
        }
        #expect(failed?.retryable == true, "a cut-off reply, \(String(describing: failed))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["whole.bin"], "a file or a temporary was left")
        await cloud.close()
    }

    @Test("a part that gets 503 SlowDown is sent again on its own and the object completes")
    func failedPartIsRetried() async throws {
        let endpoint = try #require(ProviderFixture.motoEndpoint)
        let proxy = try #require(await AWSFaultRetryTests.proxy.value, "the fault proxy did not start")
        let cloud = try await Self.open(proxy.endpoint)
        let bucket = ProviderFixture.uniqueBucket("mpu")
        try await cloud.storage.createBucket(bucket)
        let data = Self.pattern(11 * Self.mebibyte, seed: 3)
        let part2 = ["PUT /\(bucket)/retried?", "partNumber=2"]
        try await proxy.arm(part2, AWSFaultRetryTests.slowDown)
        let info = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: "retried", body: .bytes(data)))
        #expect(info.etag?.hasSuffix("-3\"") == true)
        #expect(try await proxy.seen(part2) == 2)
        #expect(try await proxy.seen(["PUT /\(bucket)/retried?", "partNumber=1"]) == 1)
        let boto = try await Self.botoHead(bucket, "retried", endpoint: endpoint)
        #expect(boto["sha256"] as? String == (try await Self.sha256(data)))
        await cloud.close()
    }
}
