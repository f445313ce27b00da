import CCloudKitABI
import CloudKit

/// The completions of a batch of hostile calls: each call is a probe with a
/// `user_data` of its own (a number in a registry, never an address, so a
/// late or second completion cannot touch freed memory), which counts how
/// often it completed, with which kind and message.
final class HostileBoard: Sendable {
    private struct Record {
        var what: String
        var calls = 0
        var kind: Int32 = -1
        var message = ""
    }

    private static let registry = Locked<(next: UInt, boards: [UInt: HostileBoard])>((0, [:]))
    private let records = Locked<[UInt: Record]>([:])
    private let waiting = Locked<(remaining: Int, waiter: CheckedContinuation<Void, Never>?)>((0, nil))

    /// Calls `entry` (when the provider fills it) with a new probe's `user_data`.
    func call<Entry>(_ what: String, _ entry: Entry?, _ body: (Entry, UnsafeMutableRawPointer?) -> Void) {
        guard let entry else { return }
        body(entry, probe(what))
    }

    /// A new probe named `what`: its `user_data`.
    private func probe(_ what: String) -> UnsafeMutableRawPointer? {
        let key = Self.registry.withLock { registry in
            registry.next += 1
            registry.boards[registry.next] = self
            return registry.next
        }
        records.withLock { $0[key] = Record(what: what) }
        waiting.withLock { $0.remaining += 1 }
        return UnsafeMutableRawPointer(bitPattern: key)
    }

    /// Records a completion of the probe `userData` names.
    static func hit(_ userData: UnsafeMutableRawPointer?, _ status: UnsafePointer<ck_status>?) {
        let key = UInt(bitPattern: userData)
        registry.withLock { $0.boards[key] }?.record(key, status)
    }

    private func record(_ key: UInt, _ status: UnsafePointer<ck_status>?) {
        let first: Bool = records.withLock { records in
            records[key]?.calls += 1
            records[key]?.kind = status?.pointee.kind ?? -1
            records[key]?.message = status?.pointee.message.map { String(cString: $0) } ?? ""
            return records[key]?.calls == 1
        }
        guard first else { return }
        let waiter: CheckedContinuation<Void, Never>? = waiting.withLock { waiting in
            waiting.remaining -= 1
            guard waiting.remaining == 0 else { return nil }
            defer { waiting.waiter = nil }
            return waiting.waiter
        }
        waiter?.resume()
    }

    /// Waits until every probe completed once, or `limit` passed.
    func waitForAll(within limit: Duration) async {
        _ = await Deadline.run(within: limit) { [self] in
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = waiting.withLock { waiting in
                    if waiting.remaining == 0 { return true }
                    waiting.waiter = continuation
                    return false
                }
                if done { continuation.resume() }
            }
        }
        // Past the limit, the wait was abandoned: let its continuation go.
        waiting.withLock { waiting in
            defer { waiting.waiter = nil }
            return waiting.waiter
        }?.resume()
    }

    /// What went wrong: each probe that did not complete exactly once with
    /// `invalid argument` and a message. Then the probes are let go.
    func verdicts() -> [String] {
        let keys = records.withLock { Array($0.keys) }
        Self.registry.withLock { registry in for key in keys { registry.boards[key] = nil } }
        return records.withLock { records in
            records.keys.sorted().compactMap { key -> String? in
                guard let record = records[key] else { return nil }
                if record.calls != 1 { return "\(record.what): completed \(record.calls) times" }
                if record.kind != Int32(CK_ERR_INVALID_ARGUMENT.rawValue) {
                    let kind = CloudErrorKind(rawValue: record.kind).map(String.init(describing:)) ?? (record.kind == 0 ? "ok" : "kind \(record.kind)")
                    return "\(record.what): expected invalid argument, got \(kind)"
                }
                return record.message.isEmpty ? "\(record.what): no message" : nil
            }
        }
    }
}
