import CloudKitModel

/// The SQS queue policy statement that lets an SNS topic send to a queue,
/// merged into whatever policy the queue already has.
enum SQSQueuePolicy {
    static func statement(topic: String, queueARN: String) -> JSONValue {
        .object([
            "Sid": .string(sid(topic)), "Effect": .string("Allow"),
            "Principal": .object(["Service": .string("sns.amazonaws.com")]), "Action": .string("sqs:SendMessage"),
            "Resource": .string(queueARN), "Condition": .object(["ArnEquals": .object(["aws:SourceArn": .string(topic)])]),
        ])
    }

    /// A statement id unique to the topic (Sids allow only letters and digits).
    static func sid(_ topic: String) -> String {
        "cloudkit" + String(topic.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// `existing` (a policy document or nil) with the topic's statement added once.
    static func merged(_ existing: String?, topic: String, queueARN: String) throws(CloudError) -> String? {
        var statements: [JSONValue] = []
        var document: [String: JSONValue] = ["Version": .string("2012-10-17")]
        if let existing, !existing.isEmpty {
            guard case .object(let object) = try JSONValue.parse(existing, what: "the queue's policy") else {
                throw .invalidArgument("the queue's policy is not a JSON object")
            }
            document = object
            switch object["Statement"] {
            case .array(let list): statements = list
            case .some(let single): statements = [single]
            case .none: break
            }
        }
        if statements.contains(where: { $0["Sid"]?.stringValue == sid(topic) }) { return nil }
        statements.append(statement(topic: topic, queueARN: queueARN))
        document["Statement"] = .array(statements)
        return JSONValue.object(document).text
    }

    /// Adds the statement to the queue's policy unless it is there already.
    static func allow(topic: String, queue: String, queueARN: String, sqs: SQSClient) async throws(CloudError) {
        let existing = try await sqs.attributes(queue, ["Policy"])["Policy"]
        if let policy = try merged(existing, topic: topic, queueARN: queueARN) {
            try await sqs.setAttributes(queue, ["Policy": policy])
        }
    }
}
