import AWSAuth

/// Whether a request is signed with the client's credentials, and so which
/// secrets its reply is searched for before any of its text is shown.
enum RequestSigning: Sendable {
    /// Signed with SigV4: the reply is cleaned of the credentials and the signature.
    case signed
    /// Sent without credentials (STS `AssumeRoleWithWebIdentity`, whose
    /// token is the proof); `secrets` are what the request carries that a
    /// server echoing it must not get shown (the web identity token).
    case unsigned(secrets: [String])

    /// The redactor for a reply to an unsigned request.
    var unsignedRedactor: Redactor {
        switch self {
        case .signed: Redactor.unsigned
        case .unsigned(let secrets): Redactor(credentials: nil, signature: nil, alsoHiding: secrets)
        }
    }
}
