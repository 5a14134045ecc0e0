/// A file or folder of the contract catalog could not be read.
public struct CatalogFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path that failed.
    public var path: String
    /// What the file system said.
    public var reason: String

    /// Creates an error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `cannot read <path>: <reason>`.
    public var description: String {
        "cannot read \(path): \(reason)"
    }
}
