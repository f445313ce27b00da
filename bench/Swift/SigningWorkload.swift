import AWSAuth
import AWSHTTP
import Foundation

/// `cloudkit-bench sign --requests N`: the AWS provider's own SigV4 signer
/// (as S3 uses it: a GET with the empty body's hash and
/// `x-amz-content-sha256`), one request at a time, in µs per request: the
/// same request botocore's `S3SigV4Auth` and awscrt's `aws_sign_request`
/// sign in `bench/peers`.
enum SigningWorkload {
    static func run(_ arguments: Arguments) {
        let requests = max(1, arguments.int("--requests", 10_000))
        let signer = SigV4Signer(region: "us-east-1", service: "s3", normalizePath: false, doubleEncodePath: false, addContentSHA256Header: true)
        let credentials = AWSCredentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", source: "bench")
        var signatures = 0
        func one() {
            let request = SignableRequest(method: "GET", path: "/small/object-1", headers: [HTTPHeader("Host", "bench.s3.us-east-1.amazonaws.com")])
            signatures += signer.sign(request, payload: .hash(Digest.emptySHA256), credentials: credentials, date: Date()).signature.count
        }
        for _ in 0..<min(100, requests) { one() }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<requests { one() }
        let seconds = Budget.seconds(clock.now - start)
        guard signatures > 0 else { return }
        Figure.emit("sign", seconds / Double(requests) * 1e6, "µs")
    }
}
