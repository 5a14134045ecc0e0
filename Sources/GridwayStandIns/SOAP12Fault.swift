/// A SOAP 1.2 fault (SOAP 1.2 part 1, §5.4) that ``SOAP12Department`` answers with: a code, an
/// optional subcode in the service's namespace, and a reason.
public struct SOAP12Fault: Sendable, Hashable {
    /// The fault codes SOAP 1.2 defines, by their local names.
    public enum Code: String, Sendable {
        case versionMismatch = "VersionMismatch"
        case mustUnderstand = "MustUnderstand"
        case dataEncodingUnknown = "DataEncodingUnknown"
        case sender = "Sender"
        case receiver = "Receiver"
    }

    /// The code, written as the `Code/Value` QName.
    public var code: Code
    /// The local name of a subcode in the service's namespace (`Code/Subcode/Value`), if any.
    public var subcode: String?
    /// The `Reason/Text`, in Chinese.
    public var reason: String

    /// Creates a fault.
    public init(_ code: Code, subcode: String? = nil, reason: String) {
        self.code = code
        self.subcode = subcode
        self.reason = reason
    }
}
