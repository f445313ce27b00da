@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// moto computes real MD5s of bodies and attributes, so sends and receives
/// with every attribute type pass the checks only when the digests here
/// encode attributes exactly as SQS does.
@Suite("SQS MD5 checks on moto", .enabled(if: MotoFixture.available))
struct SQSDigestMotoTests {
    @Test("send, batch send and receive with String, Number and Binary attributes pass the MD5 checks")
    func attributesRoundTrip() async throws {
        let client = try MotoFixture.client()
        defer { client.shutdown() }
        let queue = MotoFixture.name("ck-md5-")
        _ = try await client.sqs.createQueue(QueueSpec(name: queue))
        let attributes: MessageAttributes = [
            "colour": .string("blåå"), "count": .number("-12.50"), "raw": .binary(Data([0, 1, 128, 255])), "Z-last.x": .string("z"),
        ]
        _ = try await client.sqs.send(SendMessageRequest(queue: queue, body: "héllo ✓", attributes: attributes))
        let batch = try await client.sqs.sendBatch([
            SendMessageRequest(queue: queue, body: "two", attributes: ["only": .binary(Data([7]))]),
            SendMessageRequest(queue: queue, body: "three"),
        ])
        #expect(batch.allSatisfy { $0.error == nil && $0.messageID != nil }, "\(batch)")
        var received: [ReceivedMessage] = []
        for _ in 0..<10 where received.count < 3 {
            received += try await client.sqs.receive(ReceiveRequest(queue: queue, maxMessages: 10, waitSeconds: 1))
        }
        #expect(Set(received.map(\.body)) == ["héllo ✓", "two", "three"])
        #expect(received.first { $0.body == "héllo ✓" }?.attributes == attributes)
        try await client.sqs.deleteQueue(queue)
    }
}
