import AWSAuth
import AWSHTTP
import AWSProvider
import CloudKit
import CloudKitModel
import Foundation

/// A micro benchmark of the AWS provider's per-request CPU, run by hand in a
/// release build (never by the test suite, and it asserts nothing):
///
///     swift build -c release --product aws-perf-probe && swift build -c release --product cloudkit-aws
///     .build/release/aws-perf-probe sign [COUNT]
///     .build/release/aws-perf-probe get ENDPOINT BUCKET KEY [COUNT] [--abi]
///
/// `sign` times COUNT (100 000) header signatures of a small S3 GET.
/// `get` times COUNT (5 000) sequential GETs of one small object from an
/// S3-like server at ENDPOINT (moto, or nginx serving `ROOT/BUCKET/KEY`),
/// through the provider's Swift API, or with `--abi` through the host and
/// `libcloudkit-aws.so` (found in `CLOUDKIT_PLUGIN_PATH`). The CPU figure is
/// the whole process's (every thread, user and system) per call, so it
/// counts curl, the provider and the host but not the server.
let arguments = Array(CommandLine.arguments.dropFirst())

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func report(_ what: String, count: Int, wall: Double, cpu: Double) {
    let perCallWall = wall / Double(count) * 1_000_000
    let perCallCPU = cpu / Double(count) * 1_000_000
    print(String(format: "%@: %d calls, %.2f µs wall and %.2f µs CPU per call", what, count, perCallWall, perCallCPU))
}

func signs(count: Int) {
    let signer = SigV4Signer(region: "us-east-1", service: "s3", normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true)
    let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLEEXAMPLE12", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", source: "probe")
    let request = SignableRequest(method: "GET", path: "/bench/small-object", headers: [HTTPHeader("Host", "127.0.0.1:9000")])
    var checksum = 0
    for _ in 0..<1000 {
        checksum &+= signer.sign(request, payload: .hash(Digest.emptySHA256), credentials: credentials, date: Date()).signature.utf8.count
    }
    let cpu = cpuSeconds()
    let wall = Date()
    for _ in 0..<count {
        checksum &+= signer.sign(request, payload: .hash(Digest.emptySHA256), credentials: credentials, date: Date()).signature.utf8.count
    }
    report("SigV4 sign (S3 GET, header form)", count: count, wall: Date().timeIntervalSince(wall), cpu: cpuSeconds() - cpu)
    if checksum == 42 { print("") }
}

func gets(endpoint: String, bucket: String, key: String, count: Int, abi: Bool) async throws {
    let options = ["endpoint_url": endpoint, "region": "us-east-1", "access_key_id": "probe", "secret_access_key": "probe-secret-key"]
    let storage: any ObjectStorage
    var close: () async -> Void = {}
    if abi {
        let cloud = try await Cloud.load(provider: "aws", options: options)
        storage = cloud.storage
        close = { await cloud.close() }
    } else {
        let configuration = try AWSConfiguration(options: options, environment: ["HOME": "/nonexistent"])
        guard let s3 = try AWSClient(configuration: configuration, logger: .silent).storage else { throw CloudError(.internal, "no storage") }
        storage = s3
    }
    let request = GetObjectRequest(bucket: bucket, key: key)
    var bytes = 0
    for _ in 0..<min(500, count) { bytes += try await storage.getObject(request).data?.count ?? 0 }
    let cpu = cpuSeconds()
    let wall = Date()
    for _ in 0..<count { bytes += try await storage.getObject(request).data?.count ?? 0 }
    report("GET \(bytes / (count + min(500, count))) bytes (\(abi ? "host → ABI → provider" : "provider's Swift API"))", count: count,
           wall: Date().timeIntervalSince(wall), cpu: cpuSeconds() - cpu)
    await close()
}

switch arguments.first {
case "sign":
    signs(count: arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000)
case "get" where arguments.count >= 4:
    let count = arguments.count > 4 ? Int(arguments[4]) ?? 5000 : 5000
    do {
        try await gets(endpoint: arguments[1], bucket: arguments[2], key: arguments[3], count: count, abi: arguments.contains("--abi"))
    } catch {
        FileHandle.standardError.write(Data("aws-perf-probe: \(error)\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data("usage: aws-perf-probe sign [COUNT] | get ENDPOINT BUCKET KEY [COUNT] [--abi]\n".utf8))
    exit(2)
}
