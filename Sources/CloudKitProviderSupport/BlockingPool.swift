import Foundation

/// A fixed number of threads of its own that run blocking jobs in the order
/// they arrive.
///
/// At most `width` jobs run at once; the others wait in a queue, which costs
/// no thread. Threads are started as jobs need them (never more than
/// `width`) and then kept, waiting on a condition, for later jobs. Unlike a
/// concurrent Dispatch queue, whose pool grows only slowly while its threads
/// are blocked, a queued job starts the moment one of these threads is free,
/// and a job never waits for a thread to be created behind blocked ones.
public final class BlockingPool: @unchecked Sendable {
    /// The most jobs that run at once.
    public let width: Int
    private let name: String
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs = JobQueue()
    private var threads = 0
    private var idle = 0

    /// A pool of at most `width` threads (at least 1), named `name` for debuggers.
    public init(name: String, width: Int) {
        self.name = name
        self.width = max(1, width)
    }

    /// Queues `job`; it runs on one of the pool's threads as soon as one is free.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        // Start a thread when the waiting threads cannot take every queued job.
        let startsThread = jobs.count > idle && threads < width
        if startsThread { threads += 1 }
        condition.signal()
        condition.unlock()
        if startsThread {
            let name = name
            let thread = Thread { [self] in
                ThreadName.set(name)
                work()
            }
            thread.name = name
            thread.start()
        }
    }

    private func work() {
        while true {
            condition.lock()
            idle += 1
            while jobs.isEmpty { condition.wait() }
            idle -= 1
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}

/// A first-in, first-out queue of jobs that removes from the front in
/// constant time (an array and a moving head, compacted as it empties).
private struct JobQueue {
    private var items: [(@Sendable () -> Void)?] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }

    mutating func append(_ job: @escaping @Sendable () -> Void) { items.append(job) }

    /// The oldest job; the queue must not be empty.
    mutating func removeFirst() -> @Sendable () -> Void {
        let job = items[head]
        items[head] = nil
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        guard let job else { return {} }
        return job
    }
}
