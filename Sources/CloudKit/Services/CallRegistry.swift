import CloudKitModel

/// The host's calls in flight, by the `user_data` each was given.
///
/// A `user_data` is a number, never an address: the client's serial in the
/// high bits and a call sequence below, never 0 and never reused while the
/// process could still see it. A provider that breaks ABI rule 5 and
/// completes a call twice (or completes a `user_data` it was never given)
/// finds nothing here: the completion is ignored and counted against the
/// client, instead of resuming a finished call or touching freed memory.
/// `Cloud.strayCompletions` reports the count; the conformance kit fails a
/// provider for any.
enum CallRegistry {
    /// Bits of a `user_data` that hold the call sequence; the client serial sits above them.
    static let sequenceBits = 40
    private static let sequenceLimit: UInt64 = (1 << UInt64(sequenceBits)) - 1

    private struct State {
        var sequence: UInt64 = 0
        var pending: [UInt: AnyObject] = [:]
        var strays: [UInt32: Int] = [:]
    }

    private static let state = Locked(State())

    /// Records `completion` as a call of the client with serial `owner` (0:
    /// no client yet) and returns the `user_data` to give the provider.
    static func register(_ completion: AnyObject, owner: UInt32) -> UnsafeMutableRawPointer? {
        state.withLock { state in
            state.sequence = state.sequence % sequenceLimit + 1
            let key = UInt(owner) << UInt(sequenceBits) | UInt(state.sequence)
            state.pending[key] = completion
            return UnsafeMutableRawPointer(bitPattern: key)
        }
    }

    /// Takes the call `userData` names out of the registry, or nil when it
    /// is not in flight: then the completion is a stray, counted for its client.
    static func take<Completion: AnyObject>(_ userData: UnsafeMutableRawPointer?, as type: Completion.Type) -> Completion? {
        let key = UInt(bitPattern: userData)
        return state.withLock { state in
            if let completion = state.pending.removeValue(forKey: key) as? Completion { return completion }
            state.strays[UInt32(truncatingIfNeeded: key >> UInt(sequenceBits)), default: 0] += 1
            return nil
        }
    }

    /// How many stray completions the client with serial `owner` has received.
    static func strays(owner: UInt32) -> Int {
        state.withLock { $0.strays[owner] ?? 0 }
    }
}

/// Serials of open clients, the high bits of their calls' `user_data`.
enum ClientSerials {
    /// Serials fit in the bits above a call sequence; 0 is for calls made before a client exists.
    private static let limit = UInt32(1 << (UInt.bitWidth - CallRegistry.sequenceBits)) - 1
    private static let last = Locked<UInt32>(0)

    /// The next serial, 1 through `limit`, wrapping around.
    static func next() -> UInt32 {
        last.withLock { last in
            last = last % limit + 1
            return last
        }
    }
}
