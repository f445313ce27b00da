import CloudKitModel
import Foundation

/// A host thread lent to the provider (ABI 1.7 `ck_provider.lend`) while
/// the calls the host starts on it run.
///
/// While a loan is current on a thread, every call the kit starts there
/// counts toward it (`ClientBox.start`), and work those calls would hand to
/// another thread of the provider's comes back to the loan instead:
/// `BlockingIO.run`'s file work, and the driving of a transport that can be
/// driven from here (`LoanDriver`). `run` does that work on the lent thread
/// until every counted call has completed, so a call whose steps are all
/// such work runs start to end on the host's thread, with no thread woken
/// for it. Work that cannot come here (a timer, another thread's transfer)
/// wakes the loan when it ends the call, as it would wake a waiting host.
public final class ThreadLoan: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var calls = 0
    private var jobs: [@Sendable () -> Void] = []
    private var drivers: [any LoanDriver] = []
    private var driving: (any LoanDriver)?
    private var ended = false
    /// The lent thread: a driver it runs needs no wake-up from it (it checks `wantsThread` before it waits).
    private let thread = pthread_self()

    private init() {}

    /// The loan current on this thread, if any.
    public static var current: ThreadLoan? {
        guard let pointer = key?.value else { return nil }
        return Unmanaged<ThreadLoan>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Nil only when the process has run out of keys: then no loan can be current (`isAvailable`).
    private static let key = ThreadKey()

    /// Whether a loan can be made current on a thread. Without it no call
    /// would be counted and `lend` could not wait for them, so the provider
    /// table then leaves `lend` NULL and hosts wait themselves.
    public static var isAvailable: Bool { key != nil }

    /// Runs `start` with a loan current on this thread, then does the
    /// loan's work here until every call counted toward it has completed.
    /// The loan stays current meanwhile (work done here may start more
    /// calls); the one current before, if any, is current again after.
    /// Without a key (`isAvailable` false) it only runs `start`.
    public static func lend(_ start: () -> Void) {
        guard let key else { return start() }
        let loan = spare() ?? ThreadLoan()
        let previous = key.value
        key.set(Unmanaged.passUnretained(loan).toOpaque())
        defer { key.set(previous) }
        withExtendedLifetime(loan) {
            start()
            loan.run()
        }
        keepSpare(loan)
    }

    // MARK: The thread's spare loan

    /// Each thread keeps the loan of its last `lend` for the next one, so a
    /// lend costs no allocation (a call answered at once, a key-value get,
    /// takes a few µs, and a loan with its condition would be a good part
    /// of that). A loan is reused only once its `run` has returned: every
    /// call it counted has ended, so nothing refers to it any more but a
    /// late `interrupt` of a driver, which is harmless. Nested lends each
    /// take a fresh loan.
    /// Nil only when the process has run out of keys: then every lend allocates its loan.
    private static let spareKey = ThreadKey { pointer in
        // The thread ends: its spare is released.
        guard let pointer else { return }
        Unmanaged<ThreadLoan>.fromOpaque(pointer).release()
    }

    /// The thread's spare loan, taken (nil when there is none), ready for a new lend.
    private static func spare() -> ThreadLoan? {
        guard let spareKey, let pointer = spareKey.value else { return nil }
        spareKey.set(nil)
        let loan = Unmanaged<ThreadLoan>.fromOpaque(pointer).takeRetainedValue()
        loan.reopen()
        return loan
    }

    /// Keeps `loan`, whose `run` has returned, as the thread's spare unless it has one.
    private static func keepSpare(_ loan: ThreadLoan) {
        guard let spareKey, spareKey.value == nil else { return }
        if !spareKey.set(Unmanaged.passRetained(loan).toOpaque()) {
            Unmanaged.passUnretained(loan).release()
        }
    }

    /// Makes an ended loan new again (its counts are zero and its queues empty since `run` returned).
    private func reopen() {
        condition.lock()
        ended = false
        condition.unlock()
    }

    // MARK: Calls

    /// Counts a call started on the lent thread; its completion must call `callEnded` once, after the host's callback.
    func callStarted() {
        condition.lock()
        calls += 1
        condition.unlock()
    }

    /// A counted call's completion has returned (on any thread).
    func callEnded() {
        condition.lock()
        calls -= 1
        let wake = calls == 0
        let driver = driving
        if wake { condition.signal() }
        condition.unlock()
        if wake && !onLentThread { driver?.interrupt() }
    }

    // MARK: Work

    /// Queues `job` to run on the lent thread; false, having queued
    /// nothing, once the loan has ended (the caller then runs it as it
    /// would have without a loan).
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        guard !ended else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        let driver = driving
        condition.signal()
        condition.unlock()
        if !onLentThread { driver?.interrupt() }
        return true
    }

    /// Offers the lent thread to `driver` (a transport with transfers
    /// waiting to be driven): `run` calls its `drive` when no job is
    /// queued. False once the loan has ended: the caller then drives its
    /// work the usual way.
    public func offer(_ driver: any LoanDriver) -> Bool {
        condition.lock()
        guard !ended else {
            condition.unlock()
            return false
        }
        if !drivers.contains(where: { $0 === driver }) { drivers.append(driver) }
        condition.signal()
        condition.unlock()
        return true
    }

    private var onLentThread: Bool { pthread_equal(pthread_self(), thread) != 0 }

    /// Whether `drive` should hand the thread back: a call has ended with
    /// none left, or a job is waiting. Read by a driver between rounds.
    public var wantsThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        return calls == 0 || !jobs.isEmpty
    }

    private func run() {
        condition.lock()
        while calls > 0 {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
            } else if !drivers.isEmpty {
                let driver = drivers.removeFirst()
                driving = driver
                condition.unlock()
                let again = driver.drive(for: self)
                condition.lock()
                driving = nil
                if again && !drivers.contains(where: { $0 === driver }) { drivers.append(driver) }
            } else {
                condition.wait()
            }
        }
        ended = true
        let leftover = jobs
        jobs = []
        let undriven = drivers
        drivers = []
        condition.unlock()
        // Work queued here that no counted call waits for (a completion
        // started it) goes where it would have gone without the loan.
        for job in leftover { BlockingIO.start(.files, job) }
        for driver in undriven { driver.loanEnded(self) }
    }
}

/// A transport whose work a lent thread can drive (ABI 1.7 `lend`): the
/// thread runs `drive` while the calls it waits for need the transport.
public protocol LoanDriver: AnyObject, Sendable {
    /// Drives the transport on this thread until `loan.wantsThread` or
    /// until nothing is left that this thread may drive. Returns true to
    /// be driven here again once the loan's queued jobs have run (the
    /// transport keeps waiting for this thread, or `loanEnded`); false
    /// when it has handed whatever is still in flight back to its own
    /// thread.
    func drive(for loan: ThreadLoan) -> Bool
    /// Wakes a `drive` in progress so that it checks `wantsThread` soon.
    /// Called from any thread; must not block.
    func interrupt()
    /// The loan ended with this driver offered (and not since handed
    /// back by a `drive` that returned false): the transport's own thread
    /// takes over whatever is still in flight.
    func loanEnded(_ loan: ThreadLoan)
}
