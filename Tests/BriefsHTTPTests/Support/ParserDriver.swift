import BriefsHTTP

/// Drives a `RequestParser` the way a connection does, recording the events that matter (never `.needData`).
struct ParserDriver {
    var parser: RequestParser
    var events: [RequestParser.Event] = []
    var isFinished = false

    init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 2 * 1024 * 1024) {
        parser = RequestParser(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        guard !isFinished else { return }
        parser.receive(bytes)
        drain()
    }

    mutating func feedEOF() {
        guard !isFinished else { return }
        parser.receiveEOF()
        drain()
    }

    /// Reads events until more data is needed, answering each request at once.
    mutating func drain() {
        while true {
            let event = parser.nextEvent()
            switch event {
            case .needData:
                return
            case .head:
                events.append(event)
            case .request:
                events.append(event)
                parser.startNextRequest()
            case .paused:
                events.append(event)
                return
            case .error, .closed:
                events.append(event)
                isFinished = true
                return
            }
        }
    }
}

/// How a byte string is cut into reads.
enum Split: CustomStringConvertible {
    case whole
    case byteByByte
    case at(Int)

    var description: String {
        switch self {
        case .whole: return "whole"
        case .byteByByte: return "byte by byte"
        case .at(let offset): return "split at \(offset)"
        }
    }

    func chunks(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        switch self {
        case .whole: return [bytes[...]]
        case .byteByByte: return bytes.indices.map { bytes[$0...$0] }
        case .at(let offset): return [bytes[..<offset], bytes[offset...]]
        }
    }

    /// Whole, byte by byte, and split at every offset.
    static func all(for bytes: [UInt8]) -> [Split] {
        [.whole, .byteByByte] + (0...bytes.count).map { .at($0) }
    }
}

/// The events for `input` under every split; they must not depend on how the bytes arrive.
func eventsUnderEverySplit(
    _ input: [UInt8], eof: Bool = false, maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 2 * 1024 * 1024
) -> (events: [RequestParser.Event], mismatches: [String]) {
    var reference: [RequestParser.Event]?
    var mismatches: [String] = []
    for split in Split.all(for: input) {
        var driver = ParserDriver(maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes)
        for chunk in split.chunks(input) { driver.feed(chunk) }
        if eof { driver.feedEOF() }
        if let reference {
            if driver.events != reference { mismatches.append("\(split): \(driver.events)") }
        } else {
            reference = driver.events
        }
    }
    return (reference ?? [], mismatches)
}

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The requests among `events`.
func requests(in events: [RequestParser.Event]) -> [Request] {
    events.compactMap { if case .request(let request) = $0 { return request } else { return nil } }
}

/// The last event (an error, closing, or the last request).
func finalError(in events: [RequestParser.Event]) -> HTTPParseError? {
    if case .error(let error) = events.last { return error }
    return nil
}
