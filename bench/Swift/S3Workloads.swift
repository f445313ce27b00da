import CloudKit
import Foundation

/// The S3 workloads through the Swift API: the aws provider pointed at the
/// object server (`endpoint_url`, so path-style; dummy credentials; one PUT
/// up to 5 GiB, since the server has no multipart uploads).
enum S3Workloads {
    static func open(_ arguments: Arguments) async throws -> Cloud {
        try await Cloud.load(provider: "aws", options: [
            "endpoint_url": arguments.string("--endpoint", ""), "region": "us-east-1", "access_key_id": "bench",
            "secret_access_key": "bench-secret", "multipart_threshold_mb": "5120",
        ])
    }

    /// `cloudkit-bench s3-small --endpoint URL --bucket B --cells PUT:4096:1,… --seconds S --max N`
    static func small(_ arguments: Arguments) async throws {
        let cloud = try await open(arguments)
        let bucket = arguments.string("--bucket", "bench")
        for cell in try Cell.parse(arguments.string("--cells", "")) {
            let body = Data(patternBody(cell.size))
            let call: @Sendable (Int) async throws -> Void = { index in try await one(cell, index, cloud: cloud, bucket: bucket, body: body) }
            _ = try await runInFlight(cell.inflight, .warmUp(Cell.keys), call)
            let budget = Budget(seconds: arguments.double("--seconds", 1), max: arguments.int("--max", 100_000))
            let cpu = ProcessUsage.cpuSeconds()
            let done = try await runInFlight(cell.inflight, budget, call)
            Figure.emit(cell.id, budget.rate(done), "ops/s")
            if let cpuID = cell.cpuID { Figure.emit(cpuID, (ProcessUsage.cpuSeconds() - cpu) / Double(max(done, 1)) * 1e6, "µs") }
        }
        await cloud.close()
    }

    static func one(_ cell: Cell, _ index: Int, cloud: Cloud, bucket: String, body: Data) async throws {
        let key = "small/cloudkit-swift/\(cell.size)/\(index % Cell.keys)"
        switch cell.op {
        case "PUT":
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .bytes(body)))
        case "GET":
            let read = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: key))
            guard read.data?.count == cell.size else { throw CloudError(.internal, "GET \(key): not \(cell.size) bytes") }
        default:
            _ = try await cloud.storage.headObject(bucket: bucket, key: key)
        }
    }

    /// `cloudkit-bench s3-large --endpoint URL --bucket B --op put-file|get-memory|get-file|get-stream --bytes N --key K [--file PATH]`:
    /// one transfer, its MB/s, and this process's peak RSS.
    static func large(_ arguments: Arguments) async throws {
        let cloud = try await open(arguments)
        let bucket = arguments.string("--bucket", "bench")
        let key = arguments.string("--key", "large/object")
        let path = arguments.string("--file", "")
        let op = arguments.string("--op", "")
        let bytes = Int64(arguments.int("--bytes", 0))
        let clock = ContinuousClock()
        let start = clock.now
        let moved: Int64
        switch op {
        case "put-file":
            _ = try await cloud.storage.putObject(PutObjectRequest(bucket: bucket, key: key, body: .file(path: path)))
            moved = bytes
        case "get-memory":
            moved = Int64(try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: key)).data?.count ?? 0)
        case "get-file":
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: key, sink: .file(path: path)))
            moved = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        case "get-stream":
            let counter = ByteCounter()
            _ = try await cloud.storage.getObject(GetObjectRequest(bucket: bucket, key: key, sink: .stream(BodyWriter { counter.add($0.count) })))
            moved = counter.value
        default:
            throw CloudError(.invalidArgument, "unknown operation '\(op)'")
        }
        let seconds = Budget.seconds(clock.now - start)
        guard moved == bytes else { throw CloudError(.internal, "\(op) moved \(moved) bytes, not \(bytes)") }
        Figure.emit("s3-large:\(op):\(bytes)", Double(bytes) / 1e6 / seconds, "MB/s")
        Figure.emit("s3-large:\(op):\(bytes):rss", ProcessUsage.peakRSSMebibytes(), "MiB")
        await cloud.close()
    }
}
