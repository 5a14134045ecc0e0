import Foundation
import Hummingbird

/// A portal resource that is not in the package.
enum PortalAssetError: Error, CustomStringConvertible {
    case missing(String)

    var description: String {
        switch self {
        case .missing(let path): "the portal resource \(path) is missing from the package"
        }
    }
}

/// The portal's static files (`portal.css`, `portal.js`), shipped as package resources and served from memory.
struct PortalAssets: Sendable {
    private let files: [String: (bytes: [UInt8], contentType: String)]

    /// The file of the package's `Resources/portal` folder at `path`, if present.
    static func url(of path: String) -> URL? {
        Bundle.module.resourceURL?.appendingPathComponent("portal").appendingPathComponent(path)
            .standardizedFileURL
    }

    /// Reads the served files.
    static func load() throws -> PortalAssets {
        var files: [String: (bytes: [UInt8], contentType: String)] = [:]
        for (name, type) in [
            ("portal.css", "text/css; charset=utf-8"), ("portal.js", "text/javascript; charset=utf-8"),
        ] {
            guard let url = url(of: name), let data = FileManager.default.contents(atPath: url.path) else {
                throw PortalAssetError.missing(name)
            }
            files[name] = (Array(data), type)
        }
        return PortalAssets(files: files)
    }

    /// The response serving `name`, or `nil` for a name that is not served.
    func response(for name: String) -> Response? {
        guard let file = files[name] else { return nil }
        return Response(
            status: .ok,
            headers: [
                .contentType: file.contentType, .contentLength: String(file.bytes.count),
                .cacheControl: "public, max-age=3600",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
