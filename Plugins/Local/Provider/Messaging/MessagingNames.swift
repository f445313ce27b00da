import CloudKitModel

/// Names, URLs and ARNs of local queues and topics. Every method that takes
/// a queue accepts its name, `local://queues/<name>` (or any URL ending in
/// the name) or `arn:aws:sqs:local:000000000000:<name>`; topics likewise.
enum MessagingNames {
    static let account = "000000000000"

    static func queueURL(_ name: String) -> String { "local://queues/\(name)" }
    static func queueARN(_ name: String) -> String { "arn:aws:sqs:local:\(account):\(name)" }
    static func topicARN(_ name: String) -> String { "arn:aws:sns:local:\(account):\(name)" }

    /// The queue name inside a name, URL or ARN.
    static func queue(_ reference: String) throws(CloudError) -> String {
        let name: String
        if reference.hasPrefix("arn:") {
            let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "sqs" else { throw .invalidArgument("'\(reference)' is not a queue ARN") }
            name = String(parts[5])
        } else if reference.contains("://") {
            name = String(reference.split(separator: "/").last ?? "")
        } else {
            name = reference
        }
        try MessageLimits.validateName(name, fifo: name.hasSuffix(".fifo"), "queue")
        return name
    }

    /// The topic name inside a name or ARN.
    static func topic(_ reference: String) throws(CloudError) -> String {
        var name = reference
        if reference.hasPrefix("arn:") {
            let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "sns" else { throw .invalidArgument("'\(reference)' is not a topic ARN") }
            name = String(parts[5])
        }
        try MessageLimits.validateName(name, fifo: name.hasSuffix(".fifo"), "topic")
        return name
    }

    static func missingQueue(_ name: String) -> CloudError {
        CloudError(.notFound, "queue '\(name)' does not exist", code: "QueueDoesNotExist")
    }

    static func missingTopic(_ name: String) -> CloudError {
        CloudError(.notFound, "topic '\(name)' does not exist", code: "NotFound")
    }
}
