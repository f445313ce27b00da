/// Range and shape checks every provider applies before it sends or stores
/// anything, so the same request is refused the same way everywhere.
public enum QueueValidation {
    public static func validate(_ spec: QueueSpec) throws(CloudError) {
        try MessageLimits.validateName(spec.name, fifo: spec.fifo, "queue")
        if let visibility = spec.visibilityTimeout, !(0...MessageLimits.maximumVisibilitySeconds).contains(visibility) {
            throw .invalidArgument("a visibility timeout is 0 to \(MessageLimits.maximumVisibilitySeconds) seconds")
        }
        if let retention = spec.retentionSeconds, !(60...1_209_600).contains(retention) {
            throw .invalidArgument("message retention is 60 to 1209600 seconds")
        }
        if let delay = spec.delaySeconds, !(0...MessageLimits.maximumDelaySeconds).contains(delay) {
            throw .invalidArgument("a delay is 0 to \(MessageLimits.maximumDelaySeconds) seconds")
        }
        if spec.contentBasedDeduplication && !spec.fifo {
            throw .invalidArgument("content-based deduplication needs a FIFO queue")
        }
        if let deadLetter = spec.deadLetter, !(1...1_000).contains(deadLetter.maxReceiveCount) {
            throw .invalidArgument("the dead-letter max receive count is 1 to 1000")
        }
    }

    public static func validate(_ request: SendMessageRequest) throws(CloudError) {
        try MessageLimits.validateBody(request.body)
        try MessageLimits.validate(body: request.body.utf8.count, attributes: request.attributes)
        if let delay = request.delaySeconds, !(0...MessageLimits.maximumDelaySeconds).contains(delay) {
            throw .invalidArgument("a delay is 0 to \(MessageLimits.maximumDelaySeconds) seconds")
        }
        for (name, value) in [("group id", request.groupID), ("deduplication id", request.deduplicationID)] {
            if let value { try validateToken(value, name) }
        }
    }

    public static func validate(_ request: ReceiveRequest) throws(CloudError) {
        guard (1...MessageLimits.maximumReceive).contains(request.maxMessages) else {
            throw .invalidArgument("receive takes 1 to \(MessageLimits.maximumReceive) messages, not \(request.maxMessages)")
        }
        guard (0...MessageLimits.maximumWaitSeconds).contains(request.waitSeconds) else {
            throw .invalidArgument("a long-poll wait is 0 to \(MessageLimits.maximumWaitSeconds) seconds")
        }
        if let visibility = request.visibilityTimeout, !(0...MessageLimits.maximumVisibilitySeconds).contains(visibility) {
            throw .invalidArgument("a visibility timeout is 0 to \(MessageLimits.maximumVisibilitySeconds) seconds")
        }
    }

    /// Group and deduplication ids: 1–128 printable ASCII characters.
    public static func validateToken(_ value: String, _ name: String) throws(CloudError) {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalidArgument("a \(name) is 1-128 printable ASCII characters")
        }
    }
}
