import CloudKitModel
import Foundation
import Testing

@testable import CloudKitProviderSupport

/// `ThreadLoan` (ABI 1.7 `lend`): the lent thread runs the work queued on
/// it until every counted call has ended, wherever the end comes from;
/// work left when the loan ends goes to the pool; a driver offered the
/// thread is driven on it, and handed back when the loan ends.
@Suite("ThreadLoan")
struct ThreadLoanTests {
    /// Runs `body` on a thread of its own and returns what it returned.
    private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
            Thread { done.resume(returning: body()) }.start()
        }
    }

    @Test("a loan whose start makes no call runs start once and returns; no loan is current after it")
    func emptyLoan() async {
        let (starts, currentAfter) = await onOwnThread { () -> (Int, Bool) in
            var starts = 0
            ThreadLoan.lend { starts += 1 }
            return (starts, ThreadLoan.current != nil)
        }
        #expect(starts == 1)
        #expect(!currentAfter)
    }

    @Test("a job queued during start runs on the lent thread before lend returns, and the call it ends lets lend return")
    func jobRunsOnLentThread() async {
        let outcome = await onOwnThread { () -> (ranHere: Bool, ranBeforeReturn: Bool) in
            let lent = pthread_self()
            let ran = Locked<Bool?>(nil)
            ThreadLoan.lend {
                guard let loan = ThreadLoan.current else { return }
                loan.callStarted()
                let queued = loan.submit {
                    ran.withLock { $0 = pthread_equal(pthread_self(), lent) != 0 }
                    loan.callEnded()
                }
                #expect(queued)
            }
            let here = ran.withLock { $0 }
            return (here == true, here != nil)
        }
        #expect(outcome.ranBeforeReturn)
        #expect(outcome.ranHere)
    }

    @Test("lends one after another on a thread, and one inside another's start, each run their own work and end; the outer loan is current again after the inner")
    func repeatedAndNested() async {
        let outcome = await onOwnThread { () -> (ran: Int, outerAgain: Bool, distinct: Bool) in
            let ran = Locked(0)
            /// One counted call whose work is a job on the current loan.
            func oneCall() -> ThreadLoan? {
                guard let loan = ThreadLoan.current else { return nil }
                loan.callStarted()
                _ = loan.submit {
                    ran.withLock { $0 += 1 }
                    loan.callEnded()
                }
                return loan
            }
            for _ in 0..<3 { ThreadLoan.lend { _ = oneCall() } }
            var outerAgain = false
            var distinct = false
            ThreadLoan.lend {
                let outer = oneCall()
                var inner: ThreadLoan?
                ThreadLoan.lend { inner = oneCall() }
                distinct = inner != nil && inner !== outer
                outerAgain = ThreadLoan.current === outer
            }
            return (ran.withLock { $0 }, outerAgain, distinct)
        }
        #expect(outcome.ran == 5)
        #expect(outcome.outerAgain)
        #expect(outcome.distinct)
    }

    @Test("a call ended on another thread wakes the lent thread, which was waiting with nothing to do")
    func endedElsewhere() async {
        let ended = await onOwnThread { () -> Bool in
            let done = Locked(false)
            ThreadLoan.lend {
                guard let loan = ThreadLoan.current else { return }
                loan.callStarted()
                Thread {
                    done.withLock { $0 = true }
                    loan.callEnded()
                }.start()
            }
            return done.withLock { $0 }
        }
        #expect(ended)
    }

    @Test("work queued on a loan that no call waits for runs on the pool once the loan ends; a loan that ended takes no more")
    func leftoverGoesToPool() async {
        let (loan, refusedAfterEnd): (ThreadLoan?, Bool) = await withCheckedContinuation { continuation in
            Thread {
                ThreadLoan.lend {
                    let kept = ThreadLoan.current
                    _ = kept?.submit { continuation.resume(returning: (kept, false)) }
                }
            }.start()
        }
        #expect(loan != nil)
        #expect(!refusedAfterEnd)
        #expect(loan?.submit {} == false)
        #expect(loan?.offer(RecordingDriver(rounds: 0)) == false)
    }

    @Test("a driver offered the thread is driven on it, again after a queued job when it asks, and handed back when the loan ends")
    func driverDrivenThenHandedBack() async {
        let driver = RecordingDriver(rounds: 2)
        let outcome = await onOwnThread { () -> (drivenHere: Bool, drives: Int, ended: Int) in
            let lent = pthread_self()
            ThreadLoan.lend {
                guard let loan = ThreadLoan.current else { return }
                loan.callStarted()
                loan.callStarted()
                #expect(loan.offer(driver))
                driver.onDrive = { round in
                    // The first round queues a job (the driver is asked again after it); the second ends one call.
                    if round == 1 {
                        _ = loan.submit { loan.callEnded() }
                    } else {
                        loan.callEnded()
                    }
                    #expect(loan.wantsThread)
                }
            }
            return (driver.threads.withLock { $0.allSatisfy { pthread_equal($0, lent) != 0 } }, driver.drives.withLock { $0 },
                    driver.ended.withLock { $0 })
        }
        #expect(outcome.drivenHere)
        #expect(outcome.drives == 2)
        // Its second drive asked to be driven again, but the loan ended: the transport takes back what it left.
        #expect(outcome.ended == 1)
    }
}

/// A driver that records where and how often it is driven; each drive runs
/// `onDrive` with its round (1, 2, …) and asks to be driven again while
/// rounds are left.
private final class RecordingDriver: LoanDriver, @unchecked Sendable {
    let rounds: Int
    let drives = Locked(0)
    let ended = Locked(0)
    let threads = Locked<[pthread_t]>([])
    var onDrive: (Int) -> Void = { _ in }

    init(rounds: Int) { self.rounds = rounds }

    func drive(for loan: ThreadLoan) -> Bool {
        let round = drives.withLock { drives -> Int in
            drives += 1
            return drives
        }
        threads.withLock { $0.append(pthread_self()) }
        onDrive(round)
        return round <= rounds
    }

    func interrupt() {}

    func loanEnded(_ loan: ThreadLoan) { ended.withLock { $0 += 1 } }
}
