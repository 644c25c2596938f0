/// A set of token keys with open addressing: keys are already FNV hashes, so a multiply-shift picks the slot and no
/// `Hasher` runs (the standard `Set<UInt64>` spends most of a look-up hashing). Zero marks an empty slot; the key 0
/// is stored as 1 (a collision no lexicon will see in practice).
struct TokenKeySet: Sendable {
    private var slots: [UInt64]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    init(_ keys: some Sequence<UInt64>) {
        let array = Array(keys)
        self.init(minimumCapacity: array.count)
        for key in array { insert(key) }
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) & mask
    }

    @inline(__always)
    func contains(_ key: UInt64) -> Bool {
        let stored = key == 0 ? 1 : key
        var index = slot(stored)
        while true {
            let current = slots[index]
            if current == stored { return true }
            if current == 0 { return false }
            index = (index + 1) & mask
        }
    }

    mutating func insert(_ key: UInt64) {
        let stored = key == 0 ? 1 : key
        if (count + 1) * 2 > slots.count { grow() }
        var index = slot(stored)
        while true {
            let current = slots[index]
            if current == stored { return }
            if current == 0 {
                slots[index] = stored
                count += 1
                return
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let capacity = old.count * 2
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for key in old where key != 0 { insert(key) }
    }
}
