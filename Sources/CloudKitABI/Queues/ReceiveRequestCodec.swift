import CCloudKitABI
import CloudKitModel

/// `ck_receive_request` ↔ `ReceiveRequest`. A nil visibility timeout travels as -1.
public enum ReceiveRequestCodec {
    /// Host side: the request in `arena`.
    public static func write(_ request: ReceiveRequest, _ arena: CArena) -> ck_receive_request {
        var c = ck_receive_request()
        c.struct_size = MemoryLayout<ck_receive_request>.size
        c.queue = arena.string(request.queue)
        c.max_messages = Int32(clamping: request.maxMessages)
        c.wait_seconds = Int32(clamping: request.waitSeconds)
        c.visibility_timeout_seconds = MessageFieldCodec.seconds(request.visibilityTimeout)
        return c
    }

    /// Provider side: a copy of the host's request; it takes no options.
    public static func read(_ pointer: UnsafePointer<ck_receive_request>?) throws(CloudError) -> ReceiveRequest {
        let c = try ABIStruct.read(pointer, "request")
        try ABIOptions.refuseAll(c.options, c.option_count, operation: "receive")
        return ReceiveRequest(
            queue: try ABIInput.string(c.queue, "queue"), maxMessages: Int(c.max_messages), waitSeconds: Int(c.wait_seconds),
            visibilityTimeout: try MessageFieldCodec.seconds(c.visibility_timeout_seconds, "visibility_timeout_seconds"))
    }
}
