/// An open-addressing hash table from words (UTF-8 bytes) to small integer ids, built once at start-up.
///
/// The cleaner looks up every word of every block, so lookups take a byte range of the block's buffer and neither
/// allocate nor build a `String`. Case variants are inserted at load time (see `CleaningLexicon`), so that no
/// lowercasing happens per word.
struct WordTable: Sendable {
    /// Slot → `fingerprint << idBits | (entry index + 1)`, 0 = empty. The fingerprint (high hash bits) lets a
    /// probe reject other words without touching the key pool: one cache line per lookup in the common case.
    /// Capacity is a power of two, at most half full.
    private var slots: [UInt32]
    private static let idBits: UInt32 = 18
    private static let idMask: UInt32 = (1 << idBits) - 1
    /// At most this many words (the id field's range).
    static let maxCount = Int(idMask) - 1
    private var hashes: [UInt64] = []
    private var keyStarts: [Int] = []
    private var keyPool: [UInt8] = []
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        hashes.reserveCapacity(capacity)
        keyStarts.reserveCapacity(capacity)
        keyPool.reserveCapacity(capacity * 8)
    }

    /// FNV-1a over the bytes.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var index = start
        while index < end {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
            index += 1
        }
        return hash
    }

    /// The id of `key`, inserting it when new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        if let found = lookup(key, 0, key.count) { return found }
        // Callers stay far below `maxCount` (the lexicon refuses lists past half of it).
        precondition(count < Self.maxCount, "WordTable: too many words")
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key, 0, key.count)
        let id = count
        hashes.append(hash)
        keyStarts.append(keyPool.count)
        keyPool.append(contentsOf: key)
        count += 1
        place(id: id, hash: hash)
        return id
    }

    /// The id of the word `bytes[start..<end]`, if present.
    @inline(__always)
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let hash = Self.hash(bytes, start, end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let length = end - start
        let fingerprint = Self.fingerprint(hash)
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored >> Self.idBits == fingerprint {
                let id = Int(stored & Self.idMask) - 1
                let keyStart = keyStarts[id]
                let keyEnd = id + 1 < count ? keyStarts[id + 1] : keyPool.count
                if keyEnd - keyStart == length {
                    var same = true
                    var offset = 0
                    while offset < length {
                        if keyPool[keyStart + offset] != bytes[start + offset] {
                            same = false
                            break
                        }
                        offset += 1
                    }
                    if same { return id }
                }
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func place(id: Int, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.fingerprint(hash) << Self.idBits | UInt32(id + 1)
    }

    @inline(__always)
    private static func fingerprint(_ hash: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash >> (64 - UInt64(32 - idBits)))
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        for id in 0..<count { place(id: id, hash: hashes[id]) }
    }
}
