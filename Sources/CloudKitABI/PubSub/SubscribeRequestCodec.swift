import CCloudKitABI
import CloudKitModel

/// `ck_subscribe_request` ↔ `SubscribeRequest`.
public enum SubscribeRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: SubscribeRequest, _ arena: CArena) -> ck_subscribe_request {
        var c = ck_subscribe_request()
        c.struct_size = MemoryLayout<ck_subscribe_request>.size
        c.topic = arena.string(request.topic)
        c.queue = arena.string(request.queue)
        c.raw_delivery = request.rawDelivery ? 1 : 0
        c.filter_policy_json = arena.string(request.filterPolicyJSON)
        return c
    }

    /// Provider side: a copy of the host's request; it takes no options.
    public static func read(_ pointer: UnsafePointer<ck_subscribe_request>?) throws(CloudError) -> SubscribeRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "subscribe")
        return SubscribeRequest(
            topic: try ABIInput.string(c.topic, "topic"), queue: try ABIInput.string(c.queue, "queue"), rawDelivery: c.raw_delivery != 0,
            filterPolicyJSON: try ABIInput.optionalString(c.filter_policy_json, "filter_policy_json"))
    }
}
