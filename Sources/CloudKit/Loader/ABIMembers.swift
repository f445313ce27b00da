import CCloudKitABI

/// `CK_HAS_MEMBER` for Swift: whether a provider table that declares its own
/// `struct_size` is long enough to hold a member appended in a later minor
/// version (a provider built against an older header has a shorter table).
enum ABIMembers {
    static func has<Member>(_ table: UnsafePointer<ck_provider>, _ member: KeyPath<ck_provider, Member>) -> Bool {
        guard let offset = MemoryLayout<ck_provider>.offset(of: member) else { return false }
        return table.pointee.struct_size >= offset + MemoryLayout<Member>.size
    }
}
