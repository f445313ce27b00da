import CloudKitModel

/// The SigV4 signing keys of recent scopes (secret, day, region, service).
/// A key takes four HMACs to derive and stays the same all day for the same
/// credentials, so a signer derives it once a day, not for every request.
///
/// Holds at most `capacity` keys; a new one when it is full empties it first
/// (keys of past days and of replaced credentials go). Like the secrets they
/// come from, the keys are never shown: nothing here prints or logs them.
final class SigningKeyCache: Sendable {
    /// What a signing key is derived from.
    struct Scope: Hashable, Sendable {
        var secret: String
        /// `yyyyMMdd`.
        var day: String
        var region: String
        var service: String
    }

    private struct State {
        var keys: [Scope: HMACKey] = [:]
        /// The scope asked for last, checked before the table: nearly every
        /// request of a client signs with the same one.
        var last: (scope: Scope, key: HMACKey)?
    }

    let capacity: Int
    private let state = Locked(State())

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// The key of `scope`: the cached one, else `derive(scope)`, kept.
    func key(for scope: Scope, derive: (Scope) -> [UInt8]) -> HMACKey {
        let known = state.withLock { state -> HMACKey? in
            if let last = state.last, last.scope == scope { return last.key }
            guard let key = state.keys[scope] else { return nil }
            state.last = (scope, key)
            return key
        }
        if let known { return known }
        // Derived outside the lock; two callers may both derive a new day's key, to the same bytes.
        let key = HMACKey(derive(scope))
        state.withLock { state in
            if state.keys.count >= capacity { state.keys.removeAll(keepingCapacity: true) }
            state.keys[scope] = key
            state.last = (scope, key)
        }
        return key
    }

    /// How many keys are kept (for tests).
    var count: Int { state.withLock { $0.keys.count } }
}
