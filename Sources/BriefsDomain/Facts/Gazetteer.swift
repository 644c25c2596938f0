import Foundation

/// A compiled dictionary of names matched against text in one pass: a trie over folded Unicode scalars.
///
/// Names are folded (case and Latin diacritics removed, typographic apostrophes made ASCII, blanks made one
/// space) when the trie is built; the text is folded once with the same `GazetteerFolding`. A match may start
/// only at a word start and must end at a word end, so the search walks the trie from each word start
/// (no failure links needed): the cost is the length of the longest name prefix found there, a few scalars
/// for most words.
///
/// Each name carries payload numbers (indices into the caller's entry table); a name listed twice keeps both.
struct Gazetteer: Sendable {
    /// One name found in the text: scalar offsets `start..<end` and the payloads of that name.
    struct Match: Sendable, Equatable {
        var start: Int
        var end: Int
        var payloads: ArraySlice<Int32>
    }

    /// For each node, the range of its outgoing edges in `edgeKeys` / `edgeTargets` (sorted by key).
    private let edgeStart: [Int32]
    private let edgeKeys: [UInt32]
    private let edgeTargets: [Int32]
    /// For each node, the range of its payloads in `payloads` (empty when no name ends there).
    private let payloadStart: [Int32]
    private let payloads: [Int32]
    /// Root edges for ASCII scalars, indexed by scalar value (-1: none): most words start with one.
    private let rootASCII: [Int32]
    let folding: GazetteerFolding

    /// Builds the trie.
    /// - Parameters:
    ///   - names: each name with its payload number; empty names (after folding) are skipped.
    ///   - folding: the scalar folding shared with the text.
    init(names: [(name: String, payload: Int32)], folding: GazetteerFolding) {
        self.folding = folding
        // Build with one hash map (node, scalar) → child, then flatten into sorted edge lists.
        var childOf: [UInt64: Int32] = [:]
        childOf.reserveCapacity(names.count * 6)
        var nodeCount = 1
        var ends: [(node: Int32, payload: Int32)] = []
        ends.reserveCapacity(names.count)
        for (name, payload) in names {
            let keys = folding.foldedKey(name)
            if keys.isEmpty { continue }
            var node: Int32 = 0
            for key in keys {
                let edge = UInt64(UInt32(bitPattern: node)) << 32 | UInt64(key)
                if let next = childOf[edge] {
                    node = next
                } else {
                    let next = Int32(nodeCount)
                    nodeCount += 1
                    childOf[edge] = next
                    node = next
                }
            }
            ends.append((node, payload))
        }
        let edges = childOf.map { (key: $0.key, target: $0.value) }.sorted { $0.key < $1.key }
        var edgeStart = [Int32](repeating: 0, count: nodeCount + 1)
        var edgeKeys: [UInt32] = []
        var edgeTargets: [Int32] = []
        edgeKeys.reserveCapacity(edges.count)
        edgeTargets.reserveCapacity(edges.count)
        // Edges sorted by (parent, scalar): each node's edges are one run; count them, then prefix-sum.
        for edge in edges {
            edgeStart[Int(edge.key >> 32) + 1] += 1
            edgeKeys.append(UInt32(truncatingIfNeeded: edge.key))
            edgeTargets.append(edge.target)
        }
        for node in 0..<nodeCount { edgeStart[node + 1] += edgeStart[node] }
        // Payloads grouped by node, keeping the listing order within a node; a repeated payload is kept once.
        let sortedEnds = ends.enumerated().sorted { ($0.element.node, $0.offset) < ($1.element.node, $1.offset) }
        var payloadStart = [Int32](repeating: 0, count: nodeCount + 1)
        var flatPayloads: [Int32] = []
        flatPayloads.reserveCapacity(ends.count)
        var previous: (node: Int32, payload: Int32)?
        for (_, end) in sortedEnds {
            if let previous, previous.node == end.node, previous.payload == end.payload { continue }
            payloadStart[Int(end.node) + 1] += 1
            flatPayloads.append(end.payload)
            previous = end
        }
        for node in 0..<nodeCount { payloadStart[node + 1] += payloadStart[node] }
        var rootASCII = [Int32](repeating: -1, count: 128)
        for index in Int(edgeStart[0])..<Int(edgeStart[1]) where edgeKeys[index] < 128 {
            rootASCII[Int(edgeKeys[index])] = edgeTargets[index]
        }
        self.edgeStart = edgeStart
        self.edgeKeys = edgeKeys
        self.edgeTargets = edgeTargets
        self.payloadStart = payloadStart
        self.payloads = flatPayloads
        self.rootASCII = rootASCII
    }

    /// The child of `node` along folded scalar `key`, or -1.
    @inline(__always)
    private func child(of node: Int, _ key: UInt32) -> Int {
        if node == 0 && key < 128 { return Int(rootASCII[Int(key)]) }
        var low = Int(edgeStart[node])
        var high = Int(edgeStart[node + 1]) - 1
        while low <= high {
            let mid = (low + high) >> 1
            let value = edgeKeys[mid]
            if value == key { return Int(edgeTargets[mid]) }
            if value < key { low = mid + 1 } else { high = mid - 1 }
        }
        return -1
    }

    /// Every name that starts at word start `start` of the folded text and ends at a word end, longest first.
    /// - Parameters:
    ///   - folded: the text folded with `folding` (`GazetteerFolding.fold(_:)`).
    ///   - isWord: for each scalar, whether it is a letter or digit (word boundaries fall between a word
    ///     scalar and a non-word one).
    func matches(at start: Int, folded: [UInt32], isWord: [Bool]) -> [Match] {
        var found: [Match] = []
        matches(at: start, folded: folded, isWord: isWord, into: &found)
        return found
    }

    /// The same, written into `found` (emptied first, its storage kept) so that a scan over every word start
    /// allocates no array per word.
    func matches(at start: Int, folded: [UInt32], isWord: [Bool], into found: inout [Match]) {
        if !found.isEmpty { found.removeAll(keepingCapacity: true) }
        var node = 0
        var index = start
        let count = folded.count
        while index < count {
            let next = child(of: node, folded[index])
            if next < 0 { break }
            node = next
            index += 1
            let lower = Int(payloadStart[node])
            let upper = Int(payloadStart[node + 1])
            // A name ends at a word end: the text stops, a non-word scalar follows, or the name itself ends
            // on punctuation ("U.S.").
            if lower < upper && (index == count || !isWord[index] || !isWord[index - 1]) {
                found.append(Match(start: start, end: index, payloads: payloads[lower..<upper]))
            }
        }
        if found.count > 1 { found.reverse() }
    }
}

/// Case and diacritic folding of Unicode scalars for gazetteer matching.
///
/// ASCII letters are lower-cased; Latin letters with diacritics (U+00C0–U+024F) become their lower-case
/// base letter; typographic apostrophes become `'`; dashes become `-`; horizontal blanks become a space.
/// Line breaks stay distinct so that no name runs across lines. Other scalars are kept, lower-cased.
struct GazetteerFolding: Sendable {
    /// Folded values of U+0080..<U+0250.
    private let latin: [UInt32]

    init() {
        var table: [UInt32] = []
        table.reserveCapacity(0x250 - 0x80)
        for value in UInt32(0x80)..<0x250 {
            guard let scalar = Unicode.Scalar(value) else {
                table.append(value)
                continue
            }
            let folded = String(Character(scalar)).folding(
                options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            let scalars = Array(folded.unicodeScalars)
            if scalars.count == 1 {
                table.append(scalars[0].value)
            } else if value == 0xA0 {
                table.append(0x20)
            } else {
                table.append(scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value)
            }
        }
        table[0xA0 - 0x80] = 0x20
        latin = table
    }

    /// The folded value of one scalar.
    @inline(__always)
    func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return value + 32 }
            if value == 0x09 { return 0x20 }
            return value
        }
        if value < 0x250 { return latin[Int(value - 0x80)] }
        switch value {
        case 0x2018, 0x2019, 0x02BC, 0x2032: return 0x27  // ‘ ’ ʼ ′ → '
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014: return 0x2D  // dashes → -
        case 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return 0x20
        default:
            return scalar.properties.lowercaseMapping.unicodeScalars.first?.value ?? value
        }
    }

    /// Whether a scalar is part of a word (letter, digit or combining mark).
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x30 && value <= 0x39)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Whether a scalar is an upper-case letter (ASCII fast path).
    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        return scalar.properties.isUppercase
    }

    /// Whether a scalar is a lower-case letter (ASCII fast path).
    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x61 && value <= 0x7A }
        return scalar.properties.isLowercase
    }

    /// Whether a scalar is a letter (ASCII fast path).
    @inline(__always)
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) }
        return scalar.properties.isAlphabetic
    }

    /// A name folded for the trie, with runs of blanks made one space and outer blanks removed.
    func foldedKey(_ name: String) -> [UInt32] {
        var keys: [UInt32] = []
        for scalar in name.unicodeScalars {
            let value = fold(scalar)
            if value == 0x20 || value == 0x0A || value == 0x0D {
                if let last = keys.last, last != 0x20 { keys.append(0x20) }
            } else {
                keys.append(value)
            }
        }
        while keys.last == 0x20 { keys.removeLast() }
        return keys
    }
}
