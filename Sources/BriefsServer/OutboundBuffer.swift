#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Bytes queued for the peer, kept as the buffers they were made in (a response head, its body) so they are sent
/// with one vectored write and never joined.
struct OutboundBuffer {
    private var buffers: [[UInt8]] = []
    /// Index of the first buffer not fully sent.
    private var first = 0
    /// Bytes of `buffers[first]` already sent.
    private var offset = 0
    /// Bytes still to send.
    private(set) var byteCount = 0

    /// Most buffers passed to one `sendmsg`.
    static let maxVectors = 16

    var isEmpty: Bool { byteCount == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        buffers.append(bytes)
        byteCount += bytes.count
    }

    /// Calls `body` with an `iovec` per pending buffer (up to `maxVectors`), valid only during the call. The vectors
    /// live in a temporary (stack) allocation, so a write allocates nothing.
    func withVectors<Result>(_ body: (UnsafeMutableBufferPointer<iovec>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: iovec.self, capacity: Self.maxVectors) { storage in
            collect(first, storage, 0, body)
        }
    }

    /// Pins each buffer in turn, so that every pointer stays valid while `body` runs; `count` vectors of `storage`
    /// are filled so far.
    private func collect<Result>(
        _ index: Int, _ storage: UnsafeMutableBufferPointer<iovec>, _ count: Int,
        _ body: (UnsafeMutableBufferPointer<iovec>) -> Result
    ) -> Result {
        if index == buffers.count || count == Self.maxVectors {
            return body(UnsafeMutableBufferPointer(rebasing: storage[0..<count]))
        }
        return buffers[index].withUnsafeBytes { raw in
            let skip = index == first ? offset : 0
            var filled = count
            if let base = raw.baseAddress {
                storage[filled] = iovec(
                    iov_base: UnsafeMutableRawPointer(mutating: base + skip), iov_len: raw.count - skip)
                filled += 1
            }
            return collect(index + 1, storage, filled, body)
        }
    }

    /// How many bytes a TLS write should take from the front: the whole first buffer when it is at least `limit`
    /// bytes or the last one (no copy), else up to `limit` bytes of several buffers joined (one record for a
    /// response head and a short body).
    func nextWriteLength(joiningUpTo limit: Int) -> Int {
        guard first < buffers.count else { return 0 }
        let firstRemaining = buffers[first].count - offset
        if firstRemaining >= limit || first == buffers.count - 1 { return firstRemaining }
        return min(byteCount, limit)
    }

    /// Calls `body` with the first `length` bytes still to send: a pointer into the first buffer when it holds them
    /// all, else a copy joined in `scratch`. Valid only during the call.
    func withFront<Result>(
        _ length: Int, scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        let length = min(length, byteCount)
        if first < buffers.count, buffers[first].count - offset >= length {
            return buffers[first].withUnsafeBytes { raw in
                body(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]))
            }
        }
        scratch.removeAll(keepingCapacity: true)
        var index = first
        var skip = offset
        while scratch.count < length && index < buffers.count {
            let wanted = length - scratch.count
            let available = buffers[index].count - skip
            scratch.append(contentsOf: buffers[index][skip..<(skip + min(wanted, available))])
            index += 1
            skip = 0
        }
        return scratch.withUnsafeBytes { body($0) }
    }

    /// Drops `count` bytes that were sent.
    mutating func consume(_ count: Int) {
        var left = count
        byteCount -= count
        while left > 0 && first < buffers.count {
            let available = buffers[first].count - offset
            if left >= available {
                left -= available
                first += 1
                offset = 0
            } else {
                offset += left
                left = 0
            }
        }
        if first == buffers.count {
            buffers.removeAll(keepingCapacity: true)
            first = 0
            offset = 0
        } else if first >= 64 {
            buffers.removeFirst(first)
            first = 0
        }
    }
}
