import CloudKit
import Foundation

/// The client and its calls: each call completes exactly once with its own
/// result however many are in flight; cancelling a task cancels its call;
/// closing a client cancels what is in flight. (Every case also fails when
/// any call of its clients completed more than once.)
enum LifecycleCases {
    static let all = [callsInFlight, cancelLongPoll, cancelBeforeStart, closeCancels]

    static let callsInFlight = ConformanceCase(
        .lifecycle, "calls-in-flight", "fifty calls in flight on one client, successes and failures, each complete once with their own result",
        needs: .on(.storage, "create_bucket", "put_object", "get_object", "head_object", "delete_object")
    ) { context in
        let bucket = try await context.bucket("flight")
        let storage = context.cloud.storage
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let body = Data(repeating: UInt8(index), count: 1000 + index)
                    _ = try await storage.putObject(PutObjectRequest(bucket: bucket, key: "k\(index)", body: .bytes(body)))
                    let got = try await storage.getObject(GetObjectRequest(bucket: bucket, key: "k\(index)"))
                    try expect(got.data == body, "call \(index): the get returned another call's bytes")
                    try expectEqual(try await storage.headObject(bucket: bucket, key: "k\(index)").size, Int64(body.count), "call \(index): head size")
                    try await expectError(.notFound, "call \(index): head of a missing key") { try await storage.headObject(bucket: bucket, key: "none\(index)") }
                    try await storage.deleteObject(bucket: bucket, key: "k\(index)")
                }
            }
            try await group.waitForAll()
        }
    }

    static let cancelLongPoll = ConformanceCase(
        .lifecycle, "cancel-long-poll", "cancelling the task of a 20 s long poll ends it with cancelled; another call and the client carry on",
        needs: .on(.queue, "create_queue", "receive", "send", "counts")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("cancel")
        try await context.queue(QueueSpec(name: queue))
        let bystander = Task { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 2)) }
        // A poll that ran its 20 s course succeeds (empty); only a cancelled
        // one fails with `cancelled`. When the machine is so busy that the
        // cancel comes 19 s or more after the poll began, the poll may have
        // run its course first: that proves nothing either way, so the poll
        // is tried again (three times at most).
        for attempt in 1...3 {
            let began = ContinuousClock.now
            let waiting = Task { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20)) }
            try await Task.sleep(nanoseconds: 300_000_000)
            let cancelledAfter = ContinuousClock.now - began
            waiting.cancel()
            if attempt < 3, cancelledAfter >= .seconds(19), (try? await waiting.value) != nil { continue }
            try await expectError(.cancelled, "the cancelled long poll") { try await waiting.value }
            break
        }
        try expectEqual(try await bystander.value.count, 0, "messages of the other long poll")
        // The client still works. (A message is not received here: on SQS the
        // abandoned long poll may still take it server-side, as on AWS.)
        _ = try await queues.send(SendMessageRequest(queue: queue, body: "still working"))
        let counts = try await queues.counts(queue)
        try expectEqual(counts.visible + counts.inFlight, 1, "messages after a send")
    }

    static let cancelBeforeStart = ConformanceCase(
        .lifecycle, "cancel-before-start", "a call whose task is cancelled before it starts ends with cancelled",
        needs: .on(.queue, "create_queue", "receive")
    ) { context in
        let queues = context.cloud.queues
        let queue = context.messagingName("precancel")
        try await context.queue(QueueSpec(name: queue))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20))
        }
        try await expectError(.cancelled, "a long poll cancelled before it started") { try await task.value }
    }

    static let closeCancels = ConformanceCase(
        .lifecycle, "close-cancels", "closing a client ends its long poll in flight with cancelled; a call after closing is cancelled",
        needs: .on(.queue, "create_queue", "receive", "counts")
    ) { context in
        let queue = context.messagingName("close")
        try await context.queue(QueueSpec(name: queue))
        let other = try await context.anotherClient()
        let queues = other.queues
        let call = Task { try await queues.receive(ReceiveRequest(queue: queue, waitSeconds: 20)) }
        try await Task.sleep(nanoseconds: 300_000_000)
        await other.close()
        try await expectError(.cancelled, "a long poll in flight when its client closed") { try await call.value }
        try await expectError(.cancelled, "a call on a closed client") { try await queues.counts(queue) }
    }
}
