import BriefsHTTP
import Testing

@testable import BriefsServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct SocketTests {
    @Test func callRetriesEINTR() throws {
        var attempts = 0
        let result = try Socket.call("test") { () -> Int in
            attempts += 1
            if attempts < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(attempts == 3)
    }

    @Test func callReportsEAGAINAsNil() throws {
        let result = try Socket.call("test") { () -> Int in
            errno = EAGAIN
            return -1
        }
        #expect(result == nil)
    }

    @Test func callThrowsOtherErrors() {
        #expect(throws: SocketError(call: "test", errno: EBADF)) {
            try Socket.call("test") { () -> Int in
                errno = EBADF
                return -1
            }
        }
    }

    @Test func hangUpsAndExhaustionAreRecognised() {
        #expect(SocketError(call: "read", errno: ECONNRESET).isHangUp)
        #expect(SocketError(call: "sendmsg", errno: EPIPE).isHangUp)
        #expect(!SocketError(call: "read", errno: EBADF).isHangUp)
        #expect(SocketError(call: "accept", errno: EMFILE).isResourceExhaustion)
        #expect(SocketError(call: "accept", errno: ENFILE).isResourceExhaustion)
    }

    @Test func listeningOnPortZeroBindsARealPort() throws {
        let socket = try Socket.listening(host: "127.0.0.1", port: 0, backlog: 4)
        defer { socket.close() }
        let address = try socket.boundAddress()
        #expect(address.host == "127.0.0.1")
        #expect(address.port > 0)
        #expect(try socket.accept() == nil)  // non-blocking: nothing pending
    }

    @Test func unresolvableHostThrows() {
        #expect(throws: SocketError.self) { try Socket.listening(host: "no such host.invalid", port: 0, backlog: 4) }
    }
}

@Suite struct OutboundBufferTests {
    private func pending(_ buffer: OutboundBuffer) -> [[UInt8]] {
        buffer.withVectors { vectors in
            vectors.map { vector in
                Array(UnsafeRawBufferPointer(start: vector.iov_base, count: vector.iov_len))
            }
        }
    }

    @Test func partialWritesResumeMidBuffer() {
        var buffer = OutboundBuffer()
        buffer.append([1, 2, 3])
        buffer.append([])
        buffer.append([4, 5])
        #expect(buffer.byteCount == 5)
        #expect(pending(buffer) == [[1, 2, 3], [4, 5]])
        buffer.consume(2)
        #expect(pending(buffer) == [[3], [4, 5]])
        buffer.consume(2)
        #expect(pending(buffer) == [[5]])
        buffer.consume(1)
        #expect(buffer.isEmpty)
        #expect(pending(buffer).isEmpty)
    }

    @Test func oneWriteTakesAtMostMaxVectors() {
        var buffer = OutboundBuffer()
        for index in 0..<40 { buffer.append([UInt8(index)]) }
        #expect(pending(buffer).count == OutboundBuffer.maxVectors)
        buffer.consume(OutboundBuffer.maxVectors)
        #expect(pending(buffer).first == [UInt8(OutboundBuffer.maxVectors)])
    }
}

@Suite struct ServerProblemsTests {
    @Test func parseErrorsKeepTheirStatusAndAFixedTitlePerType() {
        let cases: [(HTTPParseError, Int, String)] = [
            (.bareLineFeed, 400, "/problems/malformed-request"),
            (.conflictingFraming, 400, "/problems/malformed-request"),
            (.bodyTooLarge(limit: 10), 413, "/problems/content-too-large"),
            (.headerTooLarge(limit: 10), 431, "/problems/header-fields-too-large"),
            (.unsupportedTransferCoding("gzip"), 501, "/problems/not-implemented"),
            (.unsupportedVersion(major: 2, minor: 0), 505, "/problems/http-version-not-supported"),
        ]
        for (error, status, type) in cases {
            let problem = ServerProblems.problem(for: error)
            #expect(problem.status == status)
            #expect(problem.type == type)
            #expect(problem.response.headers["Content-Type"] == "application/problem+json")
        }
        #expect(
            ServerProblems.problem(for: .bareLineFeed).title == ServerProblems.problem(for: .invalidChunk).title)
        #expect(ServerProblems.requestTimeout.status == 408)
        #expect(ServerProblems.tooManyConnections.status == 503)
    }
}
