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
        let parsed = AWSErrorMapper.parse(Data("<Error><Code>InternalError</Code><Message>try again</Message></Error>".utf8))
        XCTAssertEqual(parsed.code, "InternalError")
        XCTAssertEqual(parsed.message, "try again")
        XCTAssertNil(parsed.requestID)
    }

    /// Replies that made Foundation's XMLParser trap (found by Fuzz/XMLFuzz.swift) are refused, not fatal.
    func testHostileXMLIsRefusedNotFatal() {
        for reply in [
            Data("<?Message.0b?><Error><Code>X</Code></Error>".utf8),
            Data([0x3C, 0x4C, 0x69, 0xF3, 0x74, 0x3E, 0x3C, 0x2F, 0x4C, 0x69, 0xF3, 0x74, 0x3E]),
            Data("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>".utf8),
        ] {
            if let tree = try? XMLTree.parse(reply) {
                XCTAssertFalse(tree.text.contains("root:"), "an external entity was loaded")
            }
            _ = AWSErrorMapper.parse(reply)
            XCTAssertThrowsError(try S3ListParser.parse(reply))
        }
        XCTAssertEqual(try XMLTree.parse(Data("<?xml version=\"1.0\"?><a>x<![CDATA[<y>]]>z<b>1</b></a>".utf8)).text, "x<y>z")
    }
}
