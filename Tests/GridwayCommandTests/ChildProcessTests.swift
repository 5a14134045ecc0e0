import Foundation
import GridwayTestSupport
import Testing

/// The tests' own process launcher: what a child gets, and how it ends.
@Suite(.timeLimit(.minutes(1))) struct ChildProcessTests {
    /// A child holds only its three standard streams, however many descriptors the test process has
    /// open (the suite runs with well over a thousand; Foundation's launcher crashed on such tables).
    @Test func aChildHoldsOnlyItsStandardStreams() throws {
        let held = (0..<1_500).compactMap { _ in
            let descriptor = open("/dev/null", O_RDONLY)
            return descriptor >= 0 ? descriptor : nil
        }
        defer { for descriptor in held { close(descriptor) } }
        #expect(held.count == 1_500)
        let listed = try ChildProcess.run(URL(fileURLWithPath: "/bin/ls"), ["/proc/self/fd"])
        #expect(listed.status == 0)
        // 3 is the directory `ls` itself opened to list.
        #expect(listed.output.split(separator: "\n") == ["0", "1", "2", "3"], "\(listed.output)")
    }

    @Test func theChildRunsWhereItIsToldWithItsEnvironmentAndInput() throws {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let finished = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "pwd; echo \"$GREETING\"; cat; echo 出错了 >&2; exit 3"],
            environment: ["GREETING": "你好"], directory: directory, input: "王芳\n"
        )
        #expect(finished.status == 3)
        #expect(finished.output == "\(directory.path)\n你好\n王芳\n")
        #expect(finished.errors == "出错了\n")
        let merged = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"), ["-c", "echo a; echo b >&2"], mergingErrors: true)
        #expect(merged.output.split(separator: "\n").sorted() == ["a", "b"])
        #expect(merged.errors.isEmpty)
    }

    /// A signal the spawning thread blocks is not blocked in the child, so SIGTERM ends it.
    @Test func signalsReachTheChildWhateverTheParentBlocks() async throws {
        var terminate = sigset_t()
        var previous = sigset_t()
        sigemptyset(&terminate)
        sigaddset(&terminate, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &terminate, &previous)
        let sleeper = Result { try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["30"]) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        let child = try sleeper.get()
        #expect(child.isRunning)
        #expect(child.terminationStatus == nil)
        #expect(await child.end(with: SIGTERM) == SIGTERM)
        #expect(!child.isRunning)
        #expect(child.terminationStatus == SIGTERM)
        child.signal(SIGKILL)  // reaped: nothing is sent to a pid that may be reused
        #expect(child.waitUntilExit() == SIGTERM)
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        #expect(throws: ChildProcessError.self) {
            try ChildProcess(URL(fileURLWithPath: "/nonexistent/gridway"), [])
        }
    }
}
