import CCloudKitABI
import CloudKitModel

/// A page of `ck_subscription`s ↔ `SubscriptionPage`: what
/// `list_subscriptions` completes with. Written by a provider, read by the host.
public enum SubscriptionCodec {
    /// Provider side: the page's parts for the callback, in `arena`.
    public static func write(
        _ page: SubscriptionPage, _ arena: CArena
    ) -> (UnsafePointer<UnsafePointer<ck_subscription>?>?, Int, UnsafePointer<CChar>?) {
        let list: [UnsafePointer<ck_subscription>?] = page.subscriptions.map { subscription in
            var c = ck_subscription()
            c.struct_size = ck_subscription.size(forMinor: ABIAgreement.minor)
            c.id = arena.string(subscription.id)
            c.topic = arena.string(subscription.topic)
            c.protocol = arena.string(subscription.protocol)
            c.endpoint = arena.string(subscription.endpoint)
            c.raw_delivery = subscription.rawDelivery ? 1 : 0
            c.filter_policy_json = arena.string(subscription.filterPolicyJSON)
            return UnsafePointer(arena.value(c))
        }
        return (UnsafePointer(arena.array(list)), list.count, arena.string(page.nextPageToken))
    }

    /// Host side: a copy of the provider's page; a malformed one is `internal`.
    public static func read(
        _ list: UnsafePointer<UnsafePointer<ck_subscription>?>?, _ count: Int, _ nextPageToken: UnsafePointer<CChar>?
    ) throws(CloudError) -> SubscriptionPage {
        try ABIResult.read("list_subscriptions result") { () throws(CloudError) in
            let subscriptions = try ABIInput.list(list, count, "subscriptions") { (pointer, field) throws(CloudError) in
                let c = try ABIStruct.read(pointer, field, unknownTail: .ignore)
                return Subscription(
                    id: try ABIInput.string(c.id, "\(field).id"), topic: try ABIInput.string(c.topic, "\(field).topic"),
                    protocol: try ABIInput.string(c.protocol, "\(field).protocol"), endpoint: try ABIInput.string(c.endpoint, "\(field).endpoint"),
                    rawDelivery: c.raw_delivery != 0, filterPolicyJSON: try ABIInput.optionalString(c.filter_policy_json, "\(field).filter_policy_json"))
            }
            return SubscriptionPage(subscriptions: subscriptions, nextPageToken: try ABIInput.optionalString(nextPageToken, "next_page_token"))
        }
    }
}
