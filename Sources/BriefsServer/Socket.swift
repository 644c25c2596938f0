#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A thin wrapper over one socket file descriptor and the few system calls the server makes on it.
///
/// Every call goes through `Socket.call(_:_:)`: it retries `EINTR`, reports `EAGAIN`/`EWOULDBLOCK` as `nil`, and
/// throws `SocketError(call:errno:)` for anything else. The struct is a plain value: whoever owns the descriptor
/// (the listener or one connection, each on its own queue) closes it exactly once.
struct Socket: Sendable {
    let descriptor: Int32

    /// Runs `body` until it does not fail with `EINTR`.
    /// - Returns: the call's result, or nil when it would block.
    /// - Throws: `SocketError` naming `name` and the `errno` of any other failure.
    @discardableResult
    static func call<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SocketError) -> Result? {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SocketError(call: name, errno: code)
            }
        }
    }

    /// A non-blocking TCP socket bound to `host:port` and listening, with `SO_REUSEADDR` set.
    /// - Parameters:
    ///   - host: a numeric address or a name `getaddrinfo` resolves; the first result is used.
    ///   - port: 0 lets the kernel pick a free port; `boundAddress` tells which.
    /// - Throws: `SocketError`; for a name that does not resolve, `call` is `getaddrinfo` and `errno` its `EAI_*` code.
    static func listening(host: String, port: Int, backlog: Int32) throws(SocketError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Self.streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else { throw SocketError(call: "getaddrinfo", errno: status) }
        defer { freeaddrinfo(list) }

        let descriptor = try checked("socket") { socket(info.pointee.ai_family, Self.streamType, 0) }
        let listener = Socket(descriptor: descriptor)
        do throws(SocketError) {
            try listener.setOption(SOL_SOCKET, SO_REUSEADDR, 1, name: "setsockopt(SO_REUSEADDR)")
            try listener.setCloseOnExec()
            try checked("bind") { bind(descriptor, info.pointee.ai_addr, info.pointee.ai_addrlen) }
            try checked("listen") { listen(descriptor, backlog) }
            try listener.makeNonBlocking()
        } catch {
            listener.close()
            throw error
        }
        return listener
    }

    /// Like `call`, for set-up calls where `EAGAIN` cannot happen and is an error too.
    @discardableResult
    private static func checked<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SocketError)
        -> Result
    {
        guard let result = try call(name, body) else { throw SocketError(call: name, errno: EAGAIN) }
        return result
    }

    #if os(Linux)
        static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
        static let streamType = SOCK_STREAM
    #endif

    /// Accepts one pending connection and makes it non-blocking, close-on-exec and `TCP_NODELAY`.
    /// - Returns: the socket and the peer as `host:port`, or nil when none is pending.
    func accept() throws(SocketError) -> (socket: Socket, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let accepted = try Self.call("accept") {
            withUnsafeMutablePointer(to: &storage) { pointer in
                // accept4 would save two fcntl calls, but Glibc only exports it with _GNU_SOURCE.
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    #if canImport(Glibc)
                        Glibc.accept(descriptor, address, &length)
                    #elseif canImport(Musl)
                        Musl.accept(descriptor, address, &length)
                    #else
                        Darwin.accept(descriptor, address, &length)
                    #endif
                }
            }
        }
        guard let accepted else { return nil }
        let client = Socket(descriptor: accepted)
        do throws(SocketError) {
            try client.makeNonBlocking()
            try client.setCloseOnExec()
            #if !os(Linux)
                try client.setOption(SOL_SOCKET, SO_NOSIGPIPE, 1, name: "setsockopt(SO_NOSIGPIPE)")
            #endif
            try client.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1, name: "setsockopt(TCP_NODELAY)")
        } catch {
            client.close()
            throw error
        }
        return (client, Self.describe(storage))
    }

    /// The local address as `(host, port)`.
    func boundAddress() throws(SocketError) -> (host: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        try Self.checked("getsockname") {
            withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
        }
        return Self.hostAndPort(storage)
    }

    /// Reads into `buffer`.
    /// - Returns: the byte count (0 at end of stream), or nil when nothing is available.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> Int? {
        try Self.call("read") {
            #if canImport(Glibc)
                Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #elseif canImport(Musl)
                Musl.read(descriptor, buffer.baseAddress, buffer.count)
            #else
                Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
        }
    }

    /// Sends the buffers in one `sendmsg` with `MSG_NOSIGNAL` (a vectored write that cannot raise SIGPIPE).
    /// - Returns: the bytes written, or nil when the send buffer is full.
    func send(_ vectors: UnsafeMutableBufferPointer<iovec>) throws(SocketError) -> Int? {
        var message = msghdr()
        message.msg_iov = vectors.baseAddress
        message.msg_iovlen = .init(vectors.count)
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0  // SO_NOSIGPIPE is set on the socket instead.
        #endif
        return try Self.call("sendmsg") { sendmsg(descriptor, &message, flags) }
    }

    /// Half-closes: no more bytes from us (the peer reads EOF), while we can still read what it sends.
    func shutdownWrite() {
        _ = try? Self.call("shutdown") { shutdown(descriptor, Int32(SHUT_WR)) }
    }

    /// Closes the descriptor. Not retried on `EINTR`: on Linux the descriptor is gone either way.
    func close() {
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #elseif canImport(Musl)
            _ = Musl.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }

    func setOption(_ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SocketError) {
        var value = value
        try Self.checked(name) {
            setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    func setCloseOnExec() throws(SocketError) {
        try Self.checked("fcntl(F_SETFD)") { fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    }

    func makeNonBlocking() throws(SocketError) {
        let flags = try Self.checked("fcntl(F_GETFL)") { fcntl(descriptor, F_GETFL) }
        try Self.checked("fcntl(F_SETFL)") { fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) }
    }

    /// `host:port`, with brackets around an IPv6 host.
    static func describe(_ storage: sockaddr_storage) -> String {
        let (host, port) = hostAndPort(storage)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The numeric host and the port of an IPv4 or IPv6 address (`("?", 0)` for another family).
    static func hostAndPort(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        return withUnsafePointer(to: &storage) { pointer -> (String, Int) in
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            switch Int32(pointer.pointee.ss_family) {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    return (Self.string(text), Int(UInt16(bigEndian: address.pointee.sin_port)))
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    return (Self.string(text), Int(UInt16(bigEndian: address.pointee.sin6_port)))
                }
            default:
                return ("?", 0)
            }
        }
    }

    private static func string(_ text: [CChar]) -> String {
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SocketError {
    /// The peer went away (`ECONNRESET`, `EPIPE` and kin): a normal hang-up, logged at debug.
    var isHangUp: Bool {
        switch self.errno {
        case ECONNRESET, EPIPE, ENOTCONN, ECONNABORTED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH: return true
        default: return false
        }
    }

    /// Out of descriptors or kernel memory: `accept` should back off and retry.
    var isResourceExhaustion: Bool {
        switch self.errno {
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return true
        default: return false
        }
    }
}
