import CCurl
import CloudKitModel

/// Easy handles kept for the next transfers of one transport: making and
/// destroying one for every request (`curl_easy_init`, `curl_easy_cleanup`)
/// cost more than the rest of setting a request up. A handle comes back
/// reset (`curl_easy_reset`: every option cleared; the connections, which
/// the multi handle keeps, are untouched). At most `capacity` wait here;
/// more are destroyed, and so are the waiting ones when the pool goes.
final class CurlHandlePool: Sendable {
    let capacity: Int
    private let idle: Locked<[UnsafeMutableRawPointer]> = Locked([])

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    deinit {
        for easy in idle.withLock({ $0 }) { curl_easy_cleanup(easy) }
    }

    /// A handle with no option set: a waiting one, else a new one (nil when curl cannot make one).
    func take() -> UnsafeMutableRawPointer? {
        idle.withLock { $0.popLast() } ?? curl_easy_init()
    }

    /// Takes back `easy`, which no multi handle holds any more.
    func give(_ easy: UnsafeMutableRawPointer) {
        curl_easy_reset(easy)
        let kept = idle.withLock { idle in
            guard idle.count < capacity else { return false }
            idle.append(easy)
            return true
        }
        if !kept { curl_easy_cleanup(easy) }
    }
}
