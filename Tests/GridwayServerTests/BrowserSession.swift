import Foundation
import GridwayAdapters
import GridwayCore
import GridwayJSON
import GridwayServer
import GridwayTestSupport
import OrderedCollections

#if canImport(Glibc)
    import Glibc
#endif

/// A real headless Chromium driven over the W3C WebDriver protocol by Debian's `chromedriver`, spoken
/// directly over HTTP (no client library).
///
/// Runs as root too (CI does): Chromium then needs `--no-sandbox`.
final class BrowserSession {
    /// The variable that turns the browser tests on: they run in a pass of their own (`.ci/browser-pass`),
    /// so that Chromium's load stays away from the main pass's timing-sensitive tests on a small machine.
    static let switchVariable = "GRIDWAY_TEST_BROWSER"

    /// Where `chromedriver` and `chromium` are, when both are installed and ``switchVariable`` is set.
    static let programs: (driver: String, browser: String)? = {
        guard ProcessInfo.processInfo.environment[switchVariable] == "1" else { return nil }
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/usr/lib/chromium"
        func find(_ names: [String]) -> String? {
            for folder in path.split(separator: ":") {
                for name in names where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                    return "\(folder)/\(name)"
                }
            }
            return nil
        }
        guard let driver = find(["chromedriver"]),
            let browser = find(["chromium", "chromium-browser", "google-chrome"])
        else {
            return nil
        }
        return (driver, browser)
    }()

    /// Why browser tests cannot run here, if they cannot.
    static var unavailableReason: String {
        guard ProcessInfo.processInfo.environment[switchVariable] == "1" else {
            return "the browser tests run in a pass of their own: .ci/browser-pass (\(switchVariable)=1)"
        }
        return
            "no headless browser here: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
    }

    private let driver: ChildProcess
    private let base: String
    private let session: String
    private let transport = AsyncHTTPTransport.shared

    private init(driver: ChildProcess, base: String, session: String) {
        self.driver = driver
        self.base = base
        self.session = session
    }

    /// Starts chromedriver on a free loopback port and opens a headless browser window of `width`×`height`.
    static func start(width: Int = 1280, height: Int = 900) async throws -> BrowserSession {
        guard let programs else { throw BrowserError(message: unavailableReason) }
        let port = try freePort()
        let driver = try ChildProcess(
            URL(fileURLWithPath: programs.driver), ["--port=\(port)", "--allowed-ips=127.0.0.1"])
        let base = "http://127.0.0.1:\(port)"
        let probe = BrowserSession(driver: driver, base: base, session: "")
        var ready = false
        for _ in 0..<100 where !ready {
            ready = (try? await probe.command("GET", "/status"))?["ready"]?.boolValue == true
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard ready else {
            await driver.end(with: SIGKILL)
            throw BrowserError(message: "chromedriver did not start on port \(port)")
        }
        let options: JSONValue = [
            "binary": .string(programs.browser),
            "args": .array(
                [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=zh-CN",
                    "--window-size=\(width),\(height)", "--hide-scrollbars", "--force-device-scale-factor=1",
                ].map(JSONValue.string)),
        ]
        let reply = try await probe.command(
            "POST", "/session",
            ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]])
        guard let id = reply["sessionId"]?.stringValue else {
            await driver.end(with: SIGKILL)
            throw BrowserError(message: "no session: \(reply.serializedString())")
        }
        return BrowserSession(driver: driver, base: base, session: id)
    }

    /// Ends the browser and the driver (killing the driver if it has not exited within five seconds).
    func quit() async {
        _ = try? await command("DELETE", "/session/\(session)")
        _ = try? await command("GET", "/shutdown")
        for _ in 0..<50 where driver.isRunning {
            try? await Task.sleep(for: .milliseconds(100))
        }
        await driver.end(with: SIGKILL)
    }

    // MARK: Commands

    func open(_ url: String) async throws {
        _ = try await command("POST", "/session/\(session)/url", ["url": .string(url)])
    }

    /// The current page's URL.
    func url() async throws -> String { try await command("GET", "/session/\(session)/url").stringValue ?? "" }

    /// The first element matching a CSS selector, waiting up to `timeout` for it to appear.
    func element(_ selector: String, timeout: Duration = .seconds(10)) async throws -> String {
        let end = ContinuousClock.now + timeout
        while true {
            if let found = try? await command(
                "POST", "/session/\(session)/element", ["using": "css selector", "value": .string(selector)]),
                let id = found["element-6066-11e4-a52e-4f7a0b6f3b1d"]?.stringValue
                    ?? found.objectValue?.values.first?.stringValue
            {
                return id
            }
            guard ContinuousClock.now < end else {
                throw BrowserError(message: "no element \(selector) on \(try await url())")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func click(_ selector: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "/session/\(session)/element/\(id)/click", [:])
    }

    /// Replaces an input's value by typing `text`.
    func type(_ selector: String, _ text: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "/session/\(session)/element/\(id)/clear", [:])
        _ = try await command("POST", "/session/\(session)/element/\(id)/value", ["text": .string(text)])
    }

    /// Chooses the local file at `path` in a file input.
    func attach(_ selector: String, path: String) async throws {
        let id = try await element(selector)
        _ = try await command("POST", "/session/\(session)/element/\(id)/value", ["text": .string(path)])
    }

    /// An element's visible text.
    func text(_ selector: String) async throws -> String {
        let id = try await element(selector)
        return try await command("GET", "/session/\(session)/element/\(id)/text").stringValue ?? ""
    }

    /// An element's current property (`value`, `hidden`, …) as a string.
    func property(_ selector: String, _ name: String) async throws -> JSONValue {
        let id = try await element(selector)
        return try await command("GET", "/session/\(session)/element/\(id)/property/\(name)")
    }

    /// Runs `script` in the page and returns its result.
    @discardableResult
    func run(_ script: String) async throws -> JSONValue {
        try await command("POST", "/session/\(session)/execute/sync", ["script": .string(script), "args": []])
    }

    /// Waits until `script` returns `true` in the page.
    func waitUntil(_ what: String, timeout: Duration = .seconds(20), _ script: String) async throws {
        let end = ContinuousClock.now + timeout
        while try await run(script).boolValue != true {
            guard ContinuousClock.now < end else {
                throw BrowserError(message: "timed out waiting until \(what) on \(try await url())")
            }
            try await Task.sleep(for: .milliseconds(150))
        }
    }

    /// Resizes the window (the page's viewport follows).
    func resize(width: Int, height: Int) async throws {
        _ = try await command(
            "POST", "/session/\(session)/window/rect",
            ["width": .integer(Int64(width)), "height": .integer(Int64(height))])
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        let encoded = try await command("GET", "/session/\(session)/screenshot").stringValue ?? ""
        guard let data = Data(base64Encoded: encoded) else {
            throw BrowserError(message: "the screenshot is not base64")
        }
        return data
    }

    /// Sends one WebDriver command and returns its `value`, or throws the WebDriver error.
    private func command(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let request = OutboundRequest(
            method: method, url: base + path,
            headers: body == nil ? [] : [HTTPHeader("Content-Type", "application/json")],
            body: body?.serialized() ?? [])
        let response = try await transport.send(request, timeout: .seconds(60))
        let reply = try JSONValue(parsing: response.body)
        guard (200..<300).contains(response.status) else {
            throw BrowserError(
                message: "\(method) \(path): \(reply["value"]?["message"]?.stringValue ?? "status \(response.status)")")
        }
        return reply["value"] ?? .null
    }

    /// A loopback port nobody listens on right now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BrowserError(message: "no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw BrowserError(message: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Something the browser or its driver did not do.
struct BrowserError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
