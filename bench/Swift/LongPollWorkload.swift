import CloudKit
import Foundation

/// What other calls cost while many long polls wait on the same local client
/// (issue: "waiting costs no thread"): 4 KiB puts and gets on an idle client
/// (the floor), then the same with `polls` receives waiting on an empty
/// queue, and the process's thread count before and while they wait.
/// `cloudkit-bench long-polls --root DIR --polls N --calls N`
struct LongPollWorkload {
    var root: String
    var polls: Int
    var calls: Int

    func run() async throws {
        let cloud = try await Cloud.load(provider: "local", options: ["root": root])
        try await cloud.storage.createBucket("bench")
        _ = try await cloud.queues.createQueue(QueueSpec(name: "idle"))
        let body = Data(repeating: 0x5a, count: 4096)

        let idle = try await putsAndGets(cloud, body: body, prefix: "idle")
        let threadsBefore = ProcessThreads.count()

        let waiting = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<polls {
                    group.addTask { try await cloud.queues.receive(ReceiveRequest(queue: "idle", waitSeconds: 20)).count }
                }
                return try await group.reduce(0, +)
            }
        }
        // Give the receives time to reach their wait (a benchmark may wait on
        // the clock; the test of the same property waits for the event).
        try await Task.sleep(for: .seconds(2))
        let threadsWaiting = ProcessThreads.count()
        let busy = try await putsAndGets(cloud, body: body, prefix: "busy")
        waiting.cancel()
        _ = try? await waiting.value
        await cloud.close()

        for (name, quiet, loaded) in [("put", idle.puts, busy.puts), ("get", idle.gets, busy.gets)] {
            for (label, fraction) in [("median", 0.5), ("p99", 0.99)] {
                let id = "longpoll:\(polls):\(name):\(label)"
                Figure.emit(id, quiet.microseconds(at: fraction), "µs", subject: "same call, no polls", role: "floor")
                Figure.emit(id, loaded.microseconds(at: fraction), "µs")
            }
        }
        if let threadsBefore, let threadsWaiting {
            Figure.emit("longpoll:\(polls):threads", Double(threadsBefore), "threads", subject: "before the polls", role: "floor")
            Figure.emit("longpoll:\(polls):threads", Double(threadsWaiting), "threads")
        }
    }

    /// `calls` puts of `body` and a get of each, timed one by one.
    private func putsAndGets(_ cloud: Cloud, body: Data, prefix: String) async throws -> (puts: Latencies, gets: Latencies) {
        var puts = Latencies()
        var gets = Latencies()
        for index in 0..<calls {
            let key = "\(prefix)/\(index)"
            _ = try await puts.time { try await cloud.storage.putObject(PutObjectRequest(bucket: "bench", key: key, body: .bytes(body))) }
            let read = try await gets.time { try await cloud.storage.getObject(GetObjectRequest(bucket: "bench", key: key)) }
            guard read.data == body else { throw CloudError(.internal, "\(key) came back different") }
        }
        return (puts, gets)
    }
}
