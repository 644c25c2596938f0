/// A text prepared for gazetteer matching: scalars, their folded values and a word-scalar mask, plus the
/// look-around helpers the geo context rules need (the word before or after a name, "Name, State").
struct GeoTextView {
    let scalars: [Unicode.Scalar]
    let folded: [UInt32]
    let isWord: [Bool]
    /// Lines written in title case (see `isTitleCaseLine(at:)`).
    let titleCaseLines: [Range<Int>]

    init(scalars: [Unicode.Scalar], folded: [UInt32], isWord: [Bool]) {
        self.scalars = scalars
        self.folded = folded
        self.isWord = isWord
        titleCaseLines = Self.titleCaseLines(scalars: scalars, folded: folded, isWord: isWord)
    }

    var count: Int { scalars.count }

    /// A neighbouring word: its scalar range, folded scalars and whether it starts with a capital.
    struct Word {
        var start: Int
        var end: Int
        /// A view into the text's folded scalars (no copy).
        var folded: ArraySlice<UInt32>
        var isCapitalised: Bool
    }

    /// The word right after `end`, separated by one or two spaces only (no punctuation, no line break).
    func word(after end: Int) -> Word? {
        var index = end
        var blanks = 0
        while index < count && folded[index] == 0x20 && blanks < 2 {
            index += 1
            blanks += 1
        }
        guard blanks > 0, index < count, isWord[index] else { return nil }
        var stop = index
        while stop < count && isWord[stop] { stop += 1 }
        // "Corp." and "Inc." keep their period.
        return makeWord(index, stop)
    }

    /// The word right before `start`, separated by blanks only, or by ". " after a short capitalised
    /// abbreviation ("Mr. Jordan", "Dr. Chad").
    func word(before start: Int) -> Word? {
        var index = start
        var blanks = 0
        while index > 0 && folded[index - 1] == 0x20 && blanks < 2 {
            index -= 1
            blanks += 1
        }
        guard blanks > 0, index > 0 else { return nil }
        var abbreviated = false
        if folded[index - 1] == 0x2E {  // "."
            index -= 1
            abbreviated = true
        }
        guard index > 0, isWord[index - 1] else { return nil }
        var begin = index - 1
        while begin > 0 && isWord[begin - 1] { begin -= 1 }
        let word = makeWord(begin, index)
        if abbreviated {
            // Only a short title-like abbreviation joins across its period; "Georgia. Jordan" does not.
            guard index - begin <= 3, word.isCapitalised, begin == 0 || folded[begin - 1] == 0x20 else { return nil }
        }
        return word
    }

    private func makeWord(_ start: Int, _ end: Int) -> Word {
        Word(
            start: start, end: end, folded: folded[start..<end],
            isCapitalised: GazetteerFolding.isUppercase(scalars[start]))
    }

    /// Whether a name in capitals stands among capitals: at the start of a line (a dateline such as
    /// "BEIRUT (AP)"), or next to another all-capitals word of two letters or more.
    func isAllCapsContext(_ start: Int, _ end: Int) -> Bool {
        if start == 0 || folded[start - 1] == 0x0A { return true }
        return neighbourIsAllCaps(from: start - 1, step: -1) || neighbourIsAllCaps(from: end, step: 1)
    }

    /// Whether the first word found within three non-word scalars from `index` (going `step`) is in capitals.
    private func neighbourIsAllCaps(from index: Int, step: Int) -> Bool {
        var position = index
        var gap = 0
        while position >= 0 && position < count && !isWord[position] {
            if folded[position] == 0x0A || gap >= 3 { return false }
            position += step
            gap += 1
        }
        var letters = 0
        while position >= 0 && position < count && isWord[position] {
            if GazetteerFolding.isLowercase(scalars[position]) { return false }
            letters += 1
            position += step
        }
        return letters >= 2
    }

    /// Whether the line holding `offset` is written in title case (a headline: "Police Search Dalton Home"),
    /// where capitalised neighbours say nothing about names.
    func isTitleCaseLine(at offset: Int) -> Bool {
        // The last line starting at or before `offset` (binary search over line starts).
        var low = 0
        var high = titleCaseLines.count - 1
        var found = -1
        while low <= high {
            let mid = (low + high) / 2
            if titleCaseLines[mid].lowerBound <= offset {
                found = mid
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return found >= 0 && offset < titleCaseLines[found].upperBound
    }

    /// The title-case lines of a text, in order: three words or more, at most 200 scalars, and at least 3 of 4
    /// words of four letters or more capitalised. One pass over the text.
    static func titleCaseLines(scalars: [Unicode.Scalar], folded: [UInt32], isWord: [Bool]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var words = 0
        var long = 0
        var capitalised = 0
        var index = 0
        let count = scalars.count
        while index <= count {
            if index == count || folded[index] == 0x0A {
                if words >= 3 && long > 0 && capitalised * 4 >= long * 3 && index - lineStart <= 200 {
                    lines.append(lineStart..<index)
                }
                index += 1
                lineStart = index
                words = 0
                long = 0
                capitalised = 0
                continue
            }
            guard isWord[index] else {
                index += 1
                continue
            }
            let start = index
            while index < count && isWord[index] { index += 1 }
            words += 1
            if index - start >= 4 {
                long += 1
                if GazetteerFolding.isUppercase(scalars[start]) { capitalised += 1 }
            }
        }
        return lines
    }

    /// Whether a hyphenated prefix from `prefixes` stands right before `start` ("pro-Beijing").
    func isStancePrefixed(_ start: Int, prefixes: FoldedWordSet) -> Bool {
        guard start >= 2, folded[start - 1] == 0x2D, isWord[start - 2] else { return false }
        var begin = start - 2
        while begin > 0 && isWord[begin - 1] { begin -= 1 }
        return prefixes.contains(folded[begin..<(start - 1)])
    }

    /// Whether ", " follows `end`.
    func commaFollows(_ end: Int) -> Bool {
        end + 1 < count && folded[end] == 0x2C && folded[end + 1] == 0x20
    }

    /// Whether only a comma and blanks lie between `end` and `start`.
    func isCommaGap(_ end: Int, _ start: Int) -> Bool {
        guard start > end + 1, folded[end] == 0x2C else { return false }
        return folded[(end + 1)..<start].allSatisfy { $0 == 0x20 }
    }
}
