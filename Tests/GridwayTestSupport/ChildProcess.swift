import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A child process for the tests, started with `posix_spawn(3)`.
///
/// Foundation's `Process.run()` is not used: on Linux it scans `/proc/self/fd` copying 256 bytes of
/// every directory entry, over-reading the short ones, and once the suite holds a thousand or so
/// descriptors that read can cross into an unmapped page and crash the whole test run
/// (swift-corelibs-foundation issue 5472, still in Swift 6.3.1). Here the child closes every
/// descriptor from 3 up itself (`posix_spawn_file_actions_addclosefrom_np`), so nothing is scanned.
public final class ChildProcess: Sendable {
    /// Where one of the child's standard streams goes.
    ///
    /// Nothing is inherited: a child that outlived a crashed test run and still held the runner's
    /// output open would keep `swift test` waiting for its end for ever.
    public enum Stream: Sendable {
        /// `/dev/null`.
        case null
        /// The child's end of a pipe: the reading end for standard input, the writing end for output.
        /// The parent's copy of that end is closed once the child has it.
        case pipe(Pipe)
    }

    /// The exit code if the child exited, or the number of the signal that ended it (as `Process`).
    private enum State {
        case running
        case ended(Int32)
    }

    public let processIdentifier: pid_t
    private let state = Mutex(State.running)
    /// Held for the child's life: a `Pipe` let go closes its reading end, and the child's next write
    /// would end it with SIGPIPE.
    private let streams: [Stream]

    /// Starts `executable` with `arguments`, in `directory` when given, with `environment` (the
    /// test's own when `nil`); the child's signal mask is empty and every signal has its default action.
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: Stream = .null, output: Stream = .null, error: Stream = .null
    ) throws {
        let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32 =
            try Self.glibc("posix_spawn_file_actions_addclosefrom_np")
        let changeDirectory:
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32 =
                try Self.glibc("posix_spawn_file_actions_addchdir_np")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(Int32(0), input), (1, output), (2, error)] {
            switch stream {
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
            case .pipe(let pipe):
                let end = target == 0 ? pipe.fileHandleForReading : pipe.fileHandleForWriting
                posix_spawn_file_actions_adddup2(&actions, end.fileDescriptor, target)
            }
        }
        _ = closeFrom(&actions, 3)
        if let directory { _ = changeDirectory(&actions, directory.path) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        var allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid = pid_t()
        let result = Self.withCStrings([executable.path] + arguments) { argv in
            Self.withCStrings(environment) { envp in
                posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw ChildProcessError(
                reason: "\(executable.path) could not be started: \(String(cString: strerror(result)))")
        }
        processIdentifier = pid
        streams = [input, output, error]
        Self.closeParentEnds(input: input, outputs: [output, error])
    }

    /// What a child run to completion by ``run(_:_:environment:directory:input:mergingErrors:)`` left.
    public struct Finished: Sendable {
        /// See ``terminationStatus``.
        public let status: Int32
        /// What it printed on standard output (and standard error, when merged).
        public let output: String
        /// What it printed on standard error, when not merged.
        public let errors: String
    }

    /// Runs `executable` to completion with `input` (nothing when `nil`) on its standard input, reading
    /// its standard output and error as it prints them; blocks the calling thread.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: String? = nil, mergingErrors: Bool = false
    ) throws -> Finished {
        let (inputPipe, outputPipe, errorPipe) = (Pipe(), Pipe(), Pipe())
        let child = try ChildProcess(
            executable, arguments, environment: environment, directory: directory,
            input: input == nil ? .null : .pipe(inputPipe), output: .pipe(outputPipe),
            error: .pipe(mergingErrors ? outputPipe : errorPipe)
        )
        let errors = PrintedData()
        let errorsRead = DispatchGroup()
        if !mergingErrors {
            DispatchQueue.global().async(group: errorsRead) {
                errors.append(errorPipe.fileHandleForReading.readDataToEndOfFile())
            }
        }
        if let input {
            try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? inputPipe.fileHandleForWriting.close()
        }
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        return Finished(
            status: child.waitUntilExit(), output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors.data, as: UTF8.self)
        )
    }

    /// Whether the child is still running (reaping it if it has ended).
    public var isRunning: Bool {
        state.withLock { state in
            guard case .running = state else { return false }
            var status: Int32 = 0
            switch waitpid(processIdentifier, &status, WNOHANG) {
            case 0: return true
            case processIdentifier: state = .ended(Self.decoded(status))
            default: break  // reaped by `waitUntilExit()`, which records it
            }
            return false
        }
    }

    /// Sends `signal` (`SIGTERM` unless told) to the child, unless it has already been reaped.
    public func signal(_ signal: Int32 = SIGTERM) {
        state.withLock { state in
            if case .running = state { _ = kill(processIdentifier, signal) }
        }
    }

    /// Sends `signal` and waits, off the cooperative pool, until the child has ended; returns its status.
    @discardableResult
    public func end(with signal: Int32) async -> Int32 {
        self.signal(signal)
        return await offThePool { self.waitUntilExit() }
    }

    /// Blocks until the child has ended and returns its status (see ``terminationStatus``).
    @discardableResult
    public func waitUntilExit() -> Int32 {
        var status: Int32 = 0
        while true {
            if let ended = terminationStatus { return ended }
            let reaped = waitpid(processIdentifier, &status, 0)
            if reaped == processIdentifier {
                let ended = Self.decoded(status)
                state.withLock { $0 = .ended(ended) }
                return ended
            }
            if reaped == -1, errno != EINTR { usleep(1_000) }  // reaped by `isRunning` meanwhile
        }
    }

    /// The exit code, or the number of the signal that ended the child; `nil` while it runs.
    public var terminationStatus: Int32? {
        state.withLock { state in
            if case .ended(let status) = state { return status }
            return nil
        }
    }

    /// Runs `body` with `strings` as a `NULL`-terminated C array.
    private static func withCStrings<T>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T
    ) -> T {
        let copies = strings.map { strdup($0) } + [nil]
        defer { for copy in copies { free(copy) } }
        return body(copies)
    }

    /// The parent's copies of the pipe ends the child now holds, closed once each.
    private static func closeParentEnds(input: Stream, outputs: [Stream]) {
        var ends: [FileHandle] = []
        if case .pipe(let pipe) = input { ends.append(pipe.fileHandleForReading) }
        for case .pipe(let pipe) in outputs where !ends.contains(where: { $0 === pipe.fileHandleForWriting }) {
            ends.append(pipe.fileHandleForWriting)
        }
        for end in ends { try? end.close() }
    }

    /// `waitpid`'s status as `Process` reports it: the exit code, or the signal's number.
    private static func decoded(_ status: Int32) -> Int32 {
        status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
    }

    /// A GNU function of glibc's that Swift's `Glibc` module does not declare (glibc 2.34 and later).
    private static func glibc<F>(_ name: String) throws -> F {
        guard let symbol = dlsym(nil, name) else {
            throw ChildProcessError(reason: "this C library has no \(name) (glibc 2.34 or later has it)")
        }
        return unsafeBitCast(symbol, to: F.self)
    }
}

/// Bytes a child printed, appended from the thread that reads its pipe.
public final class PrintedData: Sendable {
    private let storage = Mutex(Data())

    public init() {}

    public func append(_ chunk: Data) { storage.withLock { $0.append(chunk) } }

    public var data: Data { storage.withLock { $0 } }

    public var text: String { String(decoding: data, as: UTF8.self) }
}

/// A child process that could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
