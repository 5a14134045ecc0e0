import Foundation
import GridwayTestSupport

/// A throwaway PKI made with the `openssl` command: a CA, a server certificate for 127.0.0.1 and a
/// client certificate it signed, and a self-signed "rogue" server certificate nobody trusts.
struct TestCertificates {
    /// Where `openssl` is, if installed.
    static let openssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    let directory: URL

    /// Makes the files in a fresh temporary folder.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gridway-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(
            ["req", "-x509"] + key + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Gridway Test CA",
            ])
        for (name, usage) in [("server", "serverAuth"), ("client", "clientAuth")] {
            try run(["req"] + key + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try Data(
                "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=\(usage)\n".utf8
            ).write(to: directory.appendingPathComponent("\(name).ext"))
            try run([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext",
            ])
        }
        try run(
            ["req", "-x509"] + key + [
                "-keyout", "rogue.key", "-out", "rogue.pem", "-days", "2", "-subj", "/CN=rogue",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ])
    }

    /// The path of `name` (`ca.pem`, `server.pem`, `server.key`, `client.pem`, `rogue.pem`…).
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func run(_ arguments: [String]) throws {
        let process = try ChildProcess(
            URL(fileURLWithPath: Self.openssl ?? "openssl"), arguments, directory: directory
        )
        guard process.waitUntilExit() == 0 else {
            throw CocoaError(
                .fileWriteUnknown,
                userInfo: [NSLocalizedDescriptionKey: "openssl \(arguments.joined(separator: " ")) failed"])
        }
    }
}
