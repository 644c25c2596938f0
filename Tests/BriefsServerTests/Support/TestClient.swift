import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the test client, with what it was doing.
struct TestClientError: Error, CustomStringConvertible {
    var description: String
}

/// A response as the test client read it.
struct TestResponse: Sendable {
    var status: Int
    var reason: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking raw-socket HTTP client on loopback. Every wait has a deadline (`timeout`), so no test can hang.
final class TestClient {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    let timeout: Duration

    /// Connects to 127.0.0.1:`port`.
    init(port: Int, timeout: Duration = .seconds(5)) throws {
        self.timeout = timeout
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestClientError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            // Every stored property is set, so `deinit` runs after this throw: close through `close()` so the
            // descriptor is not closed twice (a second close could hit a socket another test just opened).
            close()
            throw TestClientError(description: "connect: errno \(code)")
        }
    }

    private var isClosed = false

    deinit {
        close()
    }

    /// Closes the socket (once).
    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(descriptor)
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw TestClientError(description: "send: errno \(errno)")
            }
            sent += count
        }
    }

    /// Half-closes: the server reads EOF.
    func shutdownWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Reads more bytes into the buffer. Returns false at EOF (or reset); throws when the deadline passes.
    private func fill(before deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { throw TestClientError(description: "timed out waiting for the server") }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(
                left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                if errno == ECONNRESET { return false }
                throw TestClientError(description: "recv: errno \(errno)")
            }
            if count == 0 { return false }
            buffer += chunk[..<count]
            return true
        }
    }

    /// Reads one response (an interim 100 too). Bodies are framed by Content-Length; without one, a body runs to EOF.
    /// - Parameter method: the request's method; a response to HEAD has no body whatever its Content-Length says.
    func readResponse(method: String = "GET") throws -> TestResponse {
        let deadline = ContinuousClock.now + timeout
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) {
                headEnd = range.upperBound
            } else if try !fill(before: deadline) {
                throw TestClientError(description: "connection closed before a response head (\(buffer.count) bytes)")
            }
        }
        guard let headEnd else { throw TestClientError(description: "unreachable") }
        let headText = String(decoding: buffer[..<(headEnd - 4)], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw TestClientError(description: "bad status line: \(statusLine)")
        }
        let headers = lines.map { line -> (name: String, value: String) in
            let pieces = line.split(separator: ":", maxSplits: 1)
            return (String(pieces[0]), pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var response = TestResponse(
            status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers, body: [])
        buffer.removeFirst(headEnd)
        if status < 200 || status == 204 || status == 304 || method == "HEAD" { return response }
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText) else { throw TestClientError(description: "bad length \(lengthText)") }
            while buffer.count < length {
                if try !fill(before: deadline) { throw TestClientError(description: "EOF inside a body") }
            }
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(before: deadline) {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Waits for the server to close the connection; true if it did (EOF or reset) with no further bytes.
    func waitForClose() throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        let before = buffer.count
        while try fill(before: deadline) {}
        return buffer.count == before
    }

    /// Whether the connection is still open after `duration` with nothing received.
    func staysOpenAndSilent(for duration: Duration) throws -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(
            duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
        return poll(&poller, 1, milliseconds) == 0
    }
}

extension TestClient {
    /// Whether the server has sent something (or closed) that a read would return now, without waiting.
    func hasBytesWaiting() -> Bool {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, 0) > 0
    }

    /// Sends `bytes`, returning false instead of throwing when the server has already closed the connection.
    func trySend(_ bytes: [UInt8]) -> Bool {
        (try? send(bytes)) != nil
    }
}
