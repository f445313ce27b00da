/// Which threads run a provider's calls between the host's entry and the
/// completion callback. Declared by the provider's client for each service
/// (`ProviderClient.callPlacement(for:)`, chosen once when the client is
/// opened); the kit starts every call of that service this way.
public enum CallPlacement: Sendable {
    /// The Swift concurrency pool (the default): the call hops from the
    /// host's thread to a pool thread, and back to one after each wait.
    /// Right for providers whose steps may block (disk, locks).
    case pool
    /// The thread at hand (`CallerThreadExecutor`): the call runs on the
    /// host's thread until its first wait, and after a wait on the thread
    /// that ended it when that thread handed it over with
    /// `ProviderWork.resumeHere` (a transport's loop thread, a `BlockingIO`
    /// thread), so a small request costs no hop to the pool and back; after
    /// any other wait (a timer, a cancellation, another task's resume) it
    /// goes on on the pool. Only for services whose steps between waits are
    /// short and never block; a longer stretch (hashing a large body,
    /// placing the parts of a large download) moves itself to the pool with
    /// `ProviderWork.onPool`.
    case callerThread
}
