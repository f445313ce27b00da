import CloudKitModel

/// Object reads that a provider can sometimes finish on the caller's own
/// thread, at once: when nothing they need would wait (no disk access, no
/// lock, no network), a hop to another thread and back costs more than the
/// work itself. The provider kit offers each such call here first, before it
/// starts the usual task; the answer is delivered before the entry returns
/// (ABI rule 5 allows that). nil means "not at once": the call then runs the
/// usual way, from the start, so an implementation answers only what the
/// usual path would answer at that moment and leaves everything else to it.
public protocol ImmediateObjectReads: Sendable {
    /// `getObject`'s answer when it needs no waiting, else nil.
    func getObjectImmediately(_ request: GetObjectRequest) -> Result<GetObjectResult, CloudError>?
    /// `headObject`'s answer when it needs no waiting, else nil.
    func headObjectImmediately(bucket: String, key: String) -> Result<ObjectInfo, CloudError>?
}

/// Key-value reads that a provider can sometimes finish on the caller's own
/// thread, at once (see `ImmediateObjectReads`).
public protocol ImmediateItemReads: Sendable {
    /// `getItem`'s answer when it needs no waiting, else nil: the item as
    /// its JSON text exactly as `KVJSON.text` writes it (nil when absent).
    /// A provider that stores items as that text hands it on as it is, and
    /// the kit passes it to the host without parsing and writing it again.
    /// The key is the host's JSON text (`key_json`), unparsed: a provider
    /// answers only for a key it reads exactly as `KVJSON.item` would (a
    /// flat one, `KVFlatItem.members`, say) and leaves every other text,
    /// and every error in it, to the usual read, which parses it.
    func getItemImmediately(table: String, keyText: String) -> Result<String?, CloudError>?
}
