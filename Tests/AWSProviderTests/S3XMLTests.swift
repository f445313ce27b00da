@testable import AWSProvider
import CloudKitModel
import Foundation
import XCTest

/// Parsing S3's XML replies.
final class S3XMLTests: XCTestCase {
    func testListObjectsV2DecodesURLEncodedKeysAndPrefixes() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>b</Name><Prefix></Prefix><KeyCount>3</KeyCount><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter>
              <IsTruncated>true</IsTruncated>
              <Contents><Key>a+b%2Bc.txt</Key><LastModified>2026-11-25T05:00:00.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
              <Contents><Key>%D0%BA%D0%BB%D1%8E%D1%87</Key><LastModified>2026-11-25T05:00:01Z</LastModified><ETag>"def"</ETag><Size>0</Size></Contents>
              <CommonPrefixes><Prefix>dir%20one/</Prefix></CommonPrefixes>
              <NextContinuationToken>token==</NextContinuationToken>
              <EncodingType>url</EncodingType>
            </ListBucketResult>
            """
        let listing = try S3ListParser.parse(Data(xml.utf8))
        XCTAssertEqual(listing.objects.map(\.key), ["a b+c.txt", "ключ"])
        XCTAssertEqual(listing.objects.map(\.size), [12, 0])
        XCTAssertEqual(listing.objects.first?.etag, "\"abc\"")
        XCTAssertNotNil(listing.objects.first?.lastModified)
        XCTAssertEqual(listing.commonPrefixes, ["dir one/"])
        XCTAssertEqual(listing.nextPageToken, "token==")
    }

    func testUnencodedListingKeepsPercentSignsAndLastPageHasNoToken() throws {
        let xml = """
            <ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>100%</Key><Size>1</Size></Contents>
            <NextContinuationToken>ignored</NextContinuationToken></ListBucketResult>
            """
        let listing = try S3ListParser.parse(Data(xml.utf8))
        XCTAssertEqual(listing.objects.map(\.key), ["100%"])
        XCTAssertNil(listing.nextPageToken)
    }

    func testMalformedListingIsAnInternalError() {
        XCTAssertThrowsError(try S3ListParser.parse(Data("<ListBucketResult><Contents>".utf8))) { error in
            XCTAssertEqual((error as? CloudError)?.kind, .internal)
        }
    }

    func testCopyResultErrorBodyIsFound() {
        let fields = XMLFields.parse(Data("<Error><Code>InternalError</Code><Message>try again</Message></Error>".utf8), wanted: ["Code", "Message", "ETag"])
        XCTAssertEqual(fields["Code"], "InternalError")
        XCTAssertNil(fields["ETag"])
    }
}
