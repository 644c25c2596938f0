import Testing

@testable import BriefsServer

/// How TLS writes take bytes from the outbound queue: small buffers joined up to a record, a large first buffer
/// taken whole, and the same bytes offered again after a partial send.
@Suite struct OutboundBufferTLSWriteTests {
    static func front(_ buffer: OutboundBuffer, _ length: Int) -> [UInt8] {
        var scratch: [UInt8] = []
        return buffer.withFront(length, scratch: &scratch) { Array($0) }
    }

    @Test func smallBuffersAreJoinedUpToTheLimit() {
        var buffer = OutboundBuffer()
        buffer.append([1, 2, 3])
        buffer.append([4, 5])
        buffer.append([6, 7, 8, 9])
        #expect(buffer.nextWriteLength(joiningUpTo: 4) == 4)
        #expect(Self.front(buffer, 4) == [1, 2, 3, 4])
        #expect(buffer.nextWriteLength(joiningUpTo: 100) == 9)
        #expect(Self.front(buffer, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test func aLargeFirstBufferIsTakenWhole() {
        var buffer = OutboundBuffer()
        buffer.append([UInt8](repeating: 7, count: 50))
        buffer.append([1])
        #expect(buffer.nextWriteLength(joiningUpTo: 16) == 50)
        #expect(Self.front(buffer, 50) == [UInt8](repeating: 7, count: 50))
    }

    @Test func theLastBufferIsTakenAlone() {
        var buffer = OutboundBuffer()
        buffer.append([1, 2])
        #expect(buffer.nextWriteLength(joiningUpTo: 16) == 2)
        #expect(OutboundBuffer().nextWriteLength(joiningUpTo: 16) == 0)
    }

    @Test func afterAPartialSendTheFrontStartsAtTheUnsentByte() {
        var buffer = OutboundBuffer()
        buffer.append([1, 2, 3])
        buffer.append([4, 5])
        buffer.consume(2)
        #expect(buffer.byteCount == 3)
        #expect(Self.front(buffer, 1) == [3])
        #expect(Self.front(buffer, 3) == [3, 4, 5])
        #expect(Self.front(buffer, 10) == [3, 4, 5])  // never past the end
        buffer.consume(3)
        #expect(buffer.isEmpty)
        #expect(buffer.nextWriteLength(joiningUpTo: 16) == 0)
    }
}
