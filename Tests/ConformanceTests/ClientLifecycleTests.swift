import CloudKit
import CloudKitTestSupport
import Foundation
import Testing

/// ABI rule 3 through the Swift host: closing a client cancels what is in
/// flight (against a server that never answers, and 1,000 local long polls
/// that hold nothing up). (Many calls in flight, and closing during a long
/// poll, are the conformance kit's lifecycle cases.)
@Suite("Client lifecycle")
struct ClientLifecycleTests {
    @Test("on a local client, a put and a get complete while 1,000 long polls wait; closing ends every poll with cancelled")
    func longPollsHoldNothingUpAndCloseCleanly() async throws {
        let cloud = try await ProviderFixture.open("local")
        let queues = cloud.queues
        let storage = cloud.storage
        _ = try await queues.createQueue(QueueSpec(name: "idle"))
        try await storage.createBucket("busy")
        let polls = LongPolls(1000, on: queues, queue: "idle")
        let body = Data(repeating: 9, count: 200_000)
        _ = try await storage.putObject(PutObjectRequest(bucket: "busy", key: "k", body: .bytes(body)))
        #expect(try await storage.getObject(GetObjectRequest(bucket: "busy", key: "k")).data == body)
        // The polls are still in flight (each waits again after an empty 20 s, as a consumer does).
        #expect(polls.ended.value == 0)
        await cloud.close()
        let kinds = await polls.outcomes()
        #expect(kinds.count == 1000)
        #expect(kinds.allSatisfy { $0 == .cancelled })
    }

    @Test("closing a client cancels a call in flight: it completes once with the cancelled kind")
    func closeCancelsInFlight() async throws {
        guard ProviderFixture.builtProviders.contains("aws") else { return }
        // A server that accepts connections and never answers.
        let silent = try SilentServer()
        let cloud = try await Cloud.load(
            provider: "aws", options: ProviderFixture.awsOptions(endpoint: "http://127.0.0.1:\(silent.port)"), environment: ProviderFixture.environment)
        let storage = cloud.storage
        let call = Task { () -> CloudErrorKind? in
            do {
                _ = try await storage.getObject(GetObjectRequest(bucket: "never-answers", key: "k"))
                return nil
            } catch {
                return (error as? CloudError)?.kind
            }
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        await cloud.close()
        // The server never answers, so only closing can end the call, with `cancelled`.
        #expect(await call.value == .cancelled)
        var afterClose: CloudErrorKind?
        do {
            _ = try await storage.headObject(bucket: "never-answers", key: "k")
        } catch {
            afterClose = error.kind
        }
        #expect(afterClose == .cancelled)
        silent.stop()
    }
}

/// A loopback TCP listener that accepts and then says nothing.
final class SilentServer: @unchecked Sendable {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            port = 0
            throw CloudError(.internal, "cannot listen on loopback")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        let listeningPort = address.sin_port
        port = Int(UInt16(bigEndian: listeningPort))
    }

    func stop() { close(descriptor) }
}
