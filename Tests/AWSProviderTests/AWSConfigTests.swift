import AWSAuth
@testable import AWSProvider
import CloudKitModel
import CloudKitTestSupport
import Foundation
import XCTest

/// Where region, endpoint and explicit credentials come from.
final class AWSConfigTests: XCTestCase {
    func testRegionPrecedenceOptionThenAWSRegionThenDefaultRegionThenProfile() throws {
        let folder = TestFolders.path("ck-aws")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[profile dev]\nregion = ap-south-1\n".write(toFile: "\(folder)/config", atomically: true, encoding: .utf8)
        let base = ["AWS_CONFIG_FILE": "\(folder)/config", "AWS_SHARED_CREDENTIALS_FILE": "\(folder)/none", "HOME": folder]
        XCTAssertEqual(try AWSConfiguration(options: ["region": "eu-west-3"], environment: base.merging(["AWS_REGION": "x"]) { $1 }).region, "eu-west-3")
        XCTAssertEqual(try AWSConfiguration(options: [:], environment: base.merging(["AWS_REGION": "us-west-1", "AWS_DEFAULT_REGION": "x"]) { $1 }).region, "us-west-1")
        XCTAssertEqual(try AWSConfiguration(options: [:], environment: base.merging(["AWS_DEFAULT_REGION": "us-west-2"]) { $1 }).region, "us-west-2")
        XCTAssertEqual(try AWSConfiguration(options: ["profile": "dev"], environment: base).region, "ap-south-1")
        XCTAssertEqual(try AWSConfiguration(options: [:], environment: base).region, "us-east-1")
    }

    func testEndpointPrecedenceOptionThenServiceVariableThenGeneralVariable() throws {
        let environment = ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:1/", "AWS_ENDPOINT_URL": "http://127.0.0.1:2", "HOME": "/nonexistent"]
        XCTAssertEqual(try AWSConfiguration(options: ["endpoint_url": "http://127.0.0.1:3"], environment: environment).endpoint(service: "S3", defaultHost: "h").url, "http://127.0.0.1:3")
        XCTAssertEqual(try AWSConfiguration(options: [:], environment: environment).endpoint(service: "S3", defaultHost: "h").url, "http://127.0.0.1:1")
        XCTAssertEqual(try AWSConfiguration(options: [:], environment: environment).endpoint(service: "DynamoDB", defaultHost: "h").url, "http://127.0.0.1:2")
        let none = try AWSConfiguration(options: [:], environment: ["HOME": "/nonexistent"]).endpoint(service: "S3", defaultHost: "s3.us-east-1.amazonaws.com")
        XCTAssertEqual(none.url, "https://s3.us-east-1.amazonaws.com")
        XCTAssertFalse(none.overridden)
    }

    func testServiceEndpointsFollowTheirOwnVariableThenTheGeneralOneThenTheRegion() throws {
        let specific = ["AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:7/", "AWS_ENDPOINT_URL": "http://127.0.0.1:8", "HOME": "/nonexistent"]
        let endpoint = try ServiceEndpoint(configuration: AWSConfiguration(options: [:], environment: specific), service: "DynamoDB", hostPrefix: "dynamodb")
        XCTAssertEqual(endpoint.target("/").url(query: []), "http://127.0.0.1:7/")
        XCTAssertEqual(endpoint.host, "127.0.0.1:7")
        let general = try ServiceEndpoint(
            configuration: AWSConfiguration(options: [:], environment: ["AWS_ENDPOINT_URL": "https://ddb.example.test/base/", "HOME": "/nonexistent"]),
            service: "DynamoDB", hostPrefix: "dynamodb")
        XCTAssertEqual(general.target("/").url(query: []), "https://ddb.example.test/base/")
        let regional = try ServiceEndpoint(
            configuration: AWSConfiguration(options: ["region": "eu-west-3"], environment: ["HOME": "/nonexistent"]), service: "DynamoDB", hostPrefix: "dynamodb")
        XCTAssertEqual(regional.target("/").url(query: []), "https://dynamodb.eu-west-3.amazonaws.com/")
        let sts = try ServiceEndpoint(
            configuration: AWSConfiguration(options: [:], environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9", "AWS_ENDPOINT_URL": "http://127.0.0.1:8", "HOME": "/nonexistent"]),
            service: "STS", hostPrefix: "sts")
        XCTAssertEqual(sts.host, "127.0.0.1:9")
        let regionalSTS = try ServiceEndpoint(
            configuration: AWSConfiguration(options: ["region": "ap-southeast-2"], environment: ["HOME": "/nonexistent"]), service: "STS", hostPrefix: "sts")
        XCTAssertEqual(regionalSTS.host, "sts.ap-southeast-2.amazonaws.com")
    }

    func testBadOptionsAreInvalidArgumentsNamingTheOption() {
        for (options, name) in [(["access_key_id": "A"], "secret_access_key"), (["endpoint_url": "ftp://x"], "endpoint_url"),
                                (["max_attempts": "0"], "max_attempts"), (["force_path_style": "maybe"], "force_path_style"),
                                (["multipart_part_size_mb": "4"], "multipart_part_size_mb"), (["multipart_threshold_mb": "x"], "multipart_threshold_mb"),
                                (["multipart_concurrency": "0"], "multipart_concurrency")] {
            XCTAssertThrowsError(try AWSConfiguration(options: options, environment: ["HOME": "/nonexistent"])) { error in
                XCTAssertEqual((error as? CloudError)?.kind, .invalidArgument)
                XCTAssertTrue((error as? CloudError)?.message.contains(name) == true, "\(error)")
            }
        }
    }

    func testAddressingIsPathStyleForEndpointsAndVirtualHostedOnAWS() throws {
        let aws = try S3Addressing(configuration: AWSConfiguration(options: ["region": "eu-west-1"], environment: ["HOME": "/nonexistent"]))
        XCTAssertEqual(aws.target(bucket: "photos", key: "a b.jpg").host, "photos.s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(aws.target(bucket: "photos", key: "a b.jpg").path, "/a b.jpg")
        XCTAssertEqual(aws.target(bucket: "my.dotted.bucket", key: "k").host, "s3.eu-west-1.amazonaws.com")
        XCTAssertEqual(aws.target(bucket: "my.dotted.bucket", key: "k").path, "/my.dotted.bucket/k")
        let local = try S3Addressing(configuration: AWSConfiguration(options: ["endpoint_url": "http://127.0.0.1:5000"], environment: ["HOME": "/nonexistent"]))
        let target = local.target(bucket: "photos", key: "ключ")
        XCTAssertEqual(target.host, "127.0.0.1:5000")
        XCTAssertEqual(target.url(query: []), "http://127.0.0.1:5000/photos/%D0%BA%D0%BB%D1%8E%D1%87")
    }
}
