import CloudKitModel
import Foundation

/// Recognises the Lambda runtimes' error object, `{"errorMessage": …,
/// "errorType": …, "stackTrace": […]}`, in a reply that carries no
/// `X-Amz-Function-Error` header. Lambda always sends the header; emulators
/// (moto's simple Lambda backend, which returns queued results verbatim)
/// do not, and a caller must still see "the function said no".
enum LambdaErrorPayload {
    static let members: Set<String> = ["errorMessage", "errorType", "stackTrace", "requestId", "cause"]

    /// "Handled" when `payload` is such an error object, else nil.
    static func kind(of payload: Data) -> String? {
        guard payload.first == UInt8(ascii: "{"), payload.count <= 256 * 1024,
              let text = String(data: payload, encoding: .utf8),
              case .object(let object)? = try? JSONValue.parse(text),
              object["errorMessage"]?.stringValue != nil, Set(object.keys).isSubset(of: members)
        else { return nil }
        return "Handled"
    }
}
