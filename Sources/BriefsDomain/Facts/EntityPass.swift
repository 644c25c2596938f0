/// One run of the entity recogniser over one document (see `EntityRecognizer` for the stages).
struct EntityPass {
    let lexicon: EntityLexicon
    let document: TextDocument
    let tokens: [Token]
    let sentences: [Range<Int>]
    let geo: GeoResult
    let scalars: [Unicode.Scalar]

    /// Per token: the index of the `geo.locations` span covering it, or -1.
    var locationOf: [Int]
    /// Country codes of geo mentions, by start offset.
    var countryAt: [Int: String] = [:]
    /// Per token: it opens a sentence (or a line).
    var opensSentence: [Bool]
    /// Per token: its sentence is headline-cased (most words capitalised), where guesses are not made.
    var inHeadline: [Bool]
    /// Words written in lower case somewhere in the document.
    var lowercaseWords = TokenKeySet()

    enum Kind {
        case person
        case organization
        case unknown
    }

    struct Candidate {
        var start: Int
        var end: Int
        var kind: Kind
        var titles: [String] = []
        var country: String?
        var organization: Int?
    }

    var candidates: [Candidate] = []

    struct Person {
        var keys: [UInt64]
        var name: String
        var titles: [String]
        var country: String?
        var mentions: [Mention]
    }

    struct Organization {
        var name: String
        var keys: [UInt64]
        var aliases: [String]
        var mentions: [Mention]
        var lexiconIndex: Int?
    }

    var people: [Person] = []
    var organizations: [Organization] = []
    /// Look-up tables over `people` and `organizations`, kept in step with them (linear scans were quadratic on
    /// long documents).
    var peopleByLastWord: [UInt64: [Int]] = [:]
    var peopleByFirstWord: [UInt64: Int] = [:]
    var organizationsByWords: [[UInt64]: Int] = [:]
    var organizationsByAcronym: [String: Int] = [:]
    var organizationsByFirstWord: [UInt64: Int] = [:]
    var organizationsByLexicon: [Int: Int] = [:]
    /// Keys of the one-word candidates (a surname standing alone somewhere), filled before guessing.
    var singleWordCandidates = TokenKeySet()
    var roles: [RoleFact] = []
    var spans: [EntitySpan] = []

    static let of = TokenKey.of("of")
    static let the = TokenKey.of("the")
    static let a = TokenKey.of("a")
    static let an = TokenKey.of("an")
    static let possessive = TokenKey.of("'s")
    static let prefixConnectors = TokenKeySet(["for", "on"].map { TokenKey.of($0) })
    static let particles = TokenKeySet(
        [
            "de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "bin", "ibn", "al", "el", "la", "le",
            "y",
            "dos", "das", "ben", "abu",
        ].map { TokenKey.of($0) })
    static let acronymSkips: Set<UInt64> = Set(["of", "for", "the", "and", "on", "in", "&"].map { TokenKey.of($0) })

    init(lexicon: EntityLexicon, document: TextDocument, tokens: [Token], sentences: [Range<Int>], geo: GeoResult) {
        self.lexicon = lexicon
        self.document = document
        self.tokens = tokens
        self.sentences = sentences
        self.geo = geo
        self.scalars = document.scalars
        locationOf = []
        opensSentence = []
        inHeadline = []
        prepare()
    }

    // MARK: - Preparation

    /// Fills the per-token tables. They are built in local arrays and stored once: writing into `self`'s arrays
    /// token by token cost a uniqueness check per write.
    mutating func prepare() {
        let tokens = self.tokens
        let scalars = self.scalars
        var locationOf = [Int](repeating: -1, count: tokens.count)
        var opensSentence = [Bool](repeating: false, count: tokens.count)
        var inHeadline = [Bool](repeating: false, count: tokens.count)
        var lowercaseWords = TokenKeySet(minimumCapacity: 256)
        let locations = geo.locations.enumerated().sorted { $0.element.start < $1.element.start }
        var cursor = 0
        for (index, token) in tokens.enumerated() {
            while cursor < locations.count && locations[cursor].element.end <= token.start { cursor += 1 }
            var probe = cursor
            while probe < locations.count && locations[probe].element.start < token.end {
                if locations[probe].element.end > token.start {
                    locationOf[index] = locations[probe].offset
                    break
                }
                probe += 1
            }
        }
        for country in geo.countries {
            for mention in country.mentions { countryAt[mention.start] = country.code }
        }
        // Sentence starts, sorted, walked with a cursor as the tokens advance (tokens are in text order).
        let starts = sentences.map(\.lowerBound).sorted()
        let openingQuotes = SentenceSplitter.openingQuotes
        var startCursor = 0
        var first = 0
        for (index, token) in tokens.enumerated() {
            while startCursor < starts.count && starts[startCursor] < token.start { startCursor += 1 }
            let startsSentence = startCursor < starts.count && starts[startCursor] == token.start
            let opening = startsSentence || token.newlineBefore || index == 0
            let previousIsQuote =
                index > 0 && tokens[index - 1].kind == .punctuation
                && openingQuotes.contains(scalars[tokens[index - 1].start])
                && (index == 1 || opensSentence[index - 1])
            opensSentence[index] = opening || previousIsQuote
            if token.kind == .word && !token.isCapitalized && !opensSentence[index] { lowercaseWords.insert(token.key) }
            if opening && index > 0 {
                if Self.isHeadline(first..<index, tokens: tokens, scalars: scalars) {
                    for inside in first..<index { inHeadline[inside] = true }
                }
                first = index
            }
        }
        if Self.isHeadline(first..<tokens.count, tokens: tokens, scalars: scalars) {
            for inside in first..<tokens.count { inHeadline[inside] = true }
        }
        self.locationOf = locationOf
        self.opensSentence = opensSentence
        self.inHeadline = inHeadline
        self.lowercaseWords = lowercaseWords
    }

    /// Whether a sentence's long words are mostly capitalised (a headline in title case): no final period and
    /// 70% of at least three long words, or 80% of at least six.
    static func isHeadline(_ range: Range<Int>, tokens: [Token], scalars: [Unicode.Scalar]) -> Bool {
        guard let lastIndex = range.last else { return false }
        let final = tokens[lastIndex].kind == .punctuation && scalars[tokens[lastIndex].start] == "."
        var long = 0
        var capitalised = 0
        for index in range where tokens[index].kind == .word && tokens[index].length >= 4 {
            long += 1
            if tokens[index].isCapitalized { capitalised += 1 }
        }
        return final ? long >= 6 && capitalised * 10 >= long * 8 : long >= 3 && capitalised * 10 >= long * 7
    }

    // MARK: - Helpers

    func text(_ start: Int, _ end: Int) -> String {
        document.substring(tokens[start].start..<tokens[end - 1].end)
    }

    func mention(_ start: Int, _ end: Int) -> Mention {
        let offset = tokens[start].start
        return Mention(
            start: offset, end: tokens[end - 1].end, sentence: TextDocument.sentenceIndex(of: offset, in: sentences))
    }

    /// A capitalised word that may be part of a name.
    func isNameWord(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.kind == .word, token.isCapitalized || token.isAllCaps else { return false }
        for offset in token.start..<token.end where Tokenizer.isDigit(scalars[offset]) { return false }
        if lexicon.calendarWords.contains(token.key) { return false }
        if token.isAllCaps && token.length >= 2 && Self.isRomanNumeral(scalars[token.start..<token.end]) {
            return false
        }
        if index + 1 < tokens.count {
            let next = tokens[index + 1]
            // "May 2008", "Jun. 5": a month before a number.
            if next.kind == .number, lexicon.monthWords.contains(token.key) { return false }
            // "US$40", "USD 23": currency, not a name.
            if lexicon.currencyWords.contains(token.key),
                next.kind == .number || (next.kind == .punctuation && scalars[next.start] == "$")
            {
                return false
            }
        }
        return true
    }

    /// A sentence-opening word that is an ordinary word, not a name.
    func isOrdinaryOpener(_ index: Int) -> Bool {
        let token = tokens[index]
        if token.isAllCaps || token.hasPeriod { return false }
        if lexicon.commonWords.contains(token.key) { return true }
        guard opensSentence[index] || inHeadline[index] else { return false }
        guard lowercaseWords.contains(token.key), !lexicon.givenNames.contains(token.key) else { return false }
        // "Bank of America reports": a known organisation starting here is kept.
        if let match = lexicon.organizations.match(tokens, at: index), match.length >= 2 { return false }
        return true
    }

    /// The country named by token `index` (geo mention or premodifier table), with the token after it.
    func country(at index: Int) -> (code: String, next: Int)? {
        guard index >= 0, index < tokens.count else { return nil }
        let location = locationOf[index]
        if location >= 0 {
            let span = geo.locations[location]
            var next = index
            while next < tokens.count && tokens[next].start < span.end { next += 1 }
            if let code = countryAt[span.start] { return (code, next) }
            return nil
        }
        if let code = lexicon.countryPremodifiers[tokens[index].key], tokens[index].isCapitalized {
            return (code, index + 1)
        }
        return nil
    }

    // MARK: - Candidates

    mutating func run() {
        for run in nameRuns() { classify(start: run.lowerBound, end: run.upperBound) }
        resolve()
        addAppositionTitles()
        findRoles()
    }

    /// The name runs of the text, left to right, each resumed after the last. They depend only on what `prepare()`
    /// set, not on classification, so they are found in one non-mutating pass: calling `candidateEnd(from:)` once
    /// per token from a `mutating` method made the compiler copy the whole pass value for every call.
    func nameRuns() -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var index = 0
        while index < tokens.count {
            if let end = candidateEnd(from: index) {
                runs.append(index..<end)
                index = end
            } else {
                index += 1
            }
        }
        return runs
    }

    /// The end of the name run starting at `start`, or nil when no name starts there.
    func candidateEnd(from start: Int) -> Int? {
        let token = tokens[start]
        if token.kind == .word, lexicon.lowercaseOrganizations.contains(token.key),
            let match = lexicon.organizations.match(tokens, at: start)
        {
            return start + match.length
        }
        guard isNameWord(start), !isOrdinaryOpener(start), !lexicon.runBreakers.contains(token.key) else { return nil }
        var end = start + 1
        while end < tokens.count {
            let next = tokens[end]
            if next.newlineBefore { break }
            // "Dow Jones Industrial Average", "Russell 2000 Index": what comes before a breaker is no entity either.
            if lexicon.runBreakers.contains(next.key) { return nil }
            if isNameWord(end) && !lexicon.commonWords.contains(next.key) {
                end += 1
                continue
            }
            guard end + 1 < tokens.count, isNameWord(end + 1), !tokens[end + 1].newlineBefore else { break }
            let previous = tokens[end - 1]
            if next.key == Self.of,
                lexicon.organizationPrefixes.contains(previous.key) || lexicon.titleWords.contains(previous.key)
                    || lexicon.organizationPrefixes.contains(tokens[start].key)
            {
                end += 1
                if end + 1 < tokens.count, tokens[end].key == Self.the, isNameWord(end + 1) { end += 1 }
                continue
            }
            if Self.prefixConnectors.contains(next.key), lexicon.organizationPrefixes.contains(previous.key) {
                end += 1
                continue
            }
            if next.kind == .word, Self.particles.contains(next.key), !next.isCapitalized {
                end += 1
                continue
            }
            if next.kind == .punctuation, scalars[next.start] == "&" {
                end += 1
                continue
            }
            break
        }
        // A lexicon organisation may run further ("Food and Drug Administration").
        if let match = lexicon.organizations.match(tokens, at: start), start + match.length > end {
            end = start + match.length
        }
        return end
    }

    /// Finds a title inside a run and splits it: employer or country before it, the person after it
    /// ("Apple CEO Steve Jobs", "U.S. Secretary of State Antony Blinken"), or an organisation after "of"
    /// ("Vice Chairman of Chrysler"). Runs without a title are classified whole.
    mutating func classify(start runStart: Int, end runEnd: Int) {
        // Left to the geo tagger when it is all location, unless it is a known organisation that is no country
        // ("EU", "European Union" may come as regions).
        if (runStart..<runEnd).allSatisfy({ locationOf[$0] >= 0 }) {
            if let whole = lexicon.organizations.match(tokens, at: runStart, limit: runEnd),
                whole.length == runEnd - runStart,
                (runStart..<runEnd).allSatisfy({ countryAt[geo.locations[locationOf[$0]].start] == nil })
            {
                candidates.append(
                    Candidate(start: runStart, end: runEnd, kind: .organization, organization: whole.payload))
            }
            return
        }
        if let skip = lexicon.notEntities.match(tokens, at: runStart, limit: runEnd), skip.length == runEnd - runStart {
            return
        }
        if let whole = lexicon.organizations.match(tokens, at: runStart, limit: runEnd),
            whole.length == runEnd - runStart
        {
            candidates.append(
                Candidate(start: runStart, end: runEnd, kind: .organization, organization: whole.payload))
            return
        }
        // "Refugee Council Enver Solomon": an organisation head followed by a person's name (a given name, or two
        // words ending in a surname or followed by "said") splits the run.
        if runEnd - runStart >= 3 {
            for split in (runStart + 1)..<(runEnd - 1)
            where lexicon.organizationHeads.contains(tokens[split].key)
                && !lexicon.organizationHeads.contains(tokens[runEnd - 1].key)
                && (lexicon.givenNames.contains(tokens[split + 1].key)
                    || (runEnd - split > 2
                        && (hasPersonCue(after: runEnd) || lexicon.surnames.contains(tokens[runEnd - 1].key))))
            {
                classifyPlain(start: runStart, end: split + 1, titles: [], country: nil, hint: .organization)
                classifyPlain(start: split + 1, end: runEnd, titles: [], country: nil, hint: .person)
                return
            }
        }
        // Events: "Google Science Fair" keeps only the known organisation it starts with.
        if runEnd - runStart >= 2, lexicon.eventHeads.contains(tokens[runEnd - 1].key) {
            if let known = lexicon.organizations.match(tokens, at: runStart, limit: runEnd - 1) {
                candidates.append(
                    Candidate(
                        start: runStart, end: runStart + known.length, kind: .organization, organization: known.payload)
                )
            }
            return
        }
        let headed = runEnd - runStart >= 2 && lexicon.organizationHeads.contains(tokens[runEnd - 1].key)
        var title: (start: Int, length: Int)?
        var probe = runStart
        while probe < runEnd {
            if let match = lexicon.titles.match(tokens, at: probe, limit: runEnd) {
                title = (probe, match.length)
                break
            }
            if lexicon.honorifics.contains(tokens[probe].key), probe + 1 < runEnd {
                title = (probe, 1)
                break
            }
            probe += 1
        }
        // "General Motors", "Police Department": a head word at the end makes it an organisation, not a title
        // (but "Chief Executive Officer of General Motors" is a title and its organisation).
        if let found = title, headed, found.start == runStart, !lexicon.givenNames.contains(tokens[runEnd - 1].key),
            found.start + found.length >= runEnd || tokens[found.start + found.length].key != Self.of
        {
            title = nil
        }
        // "Martin Luther King": a one-word title closing the run that is also a surname belongs to the name.
        if let found = title, found.length == 1, found.start == runEnd - 1, found.start > runStart,
            lexicon.surnames.contains(tokens[found.start].key)
        {
            title = nil
        }
        guard let found = title else {
            classifyPlain(start: runStart, end: runEnd, titles: [], country: nil, hint: .unknown)
            return
        }
        var country: String?
        if found.start > runStart {
            if let named = self.country(at: runStart), named.next == found.start {
                country = named.code
            } else if (runStart..<found.start).allSatisfy({ lexicon.titleWords.contains(tokens[$0].key) }) {
                // "Vice Chairman": words of titles before a title belong to it.
            } else {
                classifyPlain(start: runStart, end: found.start, titles: [], country: nil, hint: .organization)
            }
        }
        var titles: [String] = []
        var rest = found.start
        // Titles and honorifics in a row: "Emeritus Professor", "Prime Minister Dr.".
        while rest < runEnd {
            if let match = lexicon.titles.match(tokens, at: rest, limit: runEnd) {
                titles.append(text(rest, rest + match.length))
                rest += match.length
            } else if lexicon.honorifics.contains(tokens[rest].key) {
                rest += 1
            } else {
                break
            }
        }
        guard rest < runEnd else { return }
        if tokens[rest].key == Self.of {
            // "Vice Chairman of Chrysler": the organisation after "of"; the person stands elsewhere.
            if rest + 1 < runEnd {
                classifyPlain(start: rest + 1, end: runEnd, titles: [], country: nil, hint: .organization)
            }
            return
        }
        classifyPlain(start: rest, end: runEnd, titles: titles, country: country, hint: .person)
    }

    /// Classifies a run without titles inside. `hint` is what the context suggests when nothing else decides.
    mutating func classifyPlain(start runStart: Int, end runEnd: Int, titles: [String], country: String?, hint: Kind) {
        var start = runStart
        var end = runEnd
        var candidate = Candidate(start: start, end: end, kind: .unknown, titles: titles, country: country)
        let headed = end - start >= 2 && lexicon.organizationHeads.contains(tokens[end - 1].key)
        if !headed {
            while start < end && locationOf[start] >= 0 { start += 1 }
            while end > start && locationOf[end - 1] >= 0 { end -= 1 }
        }
        guard start < end else { return }
        if let skip = lexicon.notEntities.match(tokens, at: start, limit: end), skip.length == end - start { return }
        // Model and index names: "Russell 2000", "Trent 900", "Mac OS X" are products unless known organisations.
        let known = lexicon.organizations.match(tokens, at: start, limit: end) != nil
        if !known, !headed, hint != .person, end < tokens.count, tokens[end].kind == .number, tokens[end].spaceBefore,
            !tokens[end].newlineBefore
        {
            return
        }
        if !known, !headed, hint != .person, end - start >= 2,
            (start + 1..<end).contains(where: { tokens[$0].isAllCaps && !tokens[$0].hasPeriod })
        {
            return
        }
        candidate.start = start
        candidate.end = end
        let first = tokens[start]
        let last = tokens[end - 1]
        let length = end - start
        var personEvidence = hint == .person
        if candidate.titles.isEmpty {
            // Titles before the run, in lower case: "analyst Chris Weafer", "secretary of state John Kerry".
            var probe = start - 1
            while probe >= max(0, start - 5) {
                if let title = lexicon.titles.match(tokens, at: probe, limit: start), probe + title.length == start,
                    !tokens[probe].isCapitalized
                {
                    candidate.titles.append(text(probe, start))
                    personEvidence = true
                    if let named = self.country(at: probe - 1), named.next == probe { candidate.country = named.code }
                    break
                }
                probe -= 1
            }
        }
        let organizationPrefix = lexicon.organizations.match(tokens, at: start, limit: end)
        let givenFirst = lexicon.givenNames.contains(first.key) && !first.isAllCaps
        if length == 2, givenFirst, organizationPrefix == nil, hasPersonCue(after: end) || hasApposition(after: end) {
            // "Jim Press, the vice chairman": a given name and a person's context win over a head word.
            candidate.kind = .person
        } else if let organizationPrefix, organizationPrefix.length == length {
            candidate.kind = .organization
            candidate.organization = organizationPrefix.payload
        } else if headed
            || (length >= 3 && lexicon.organizationPrefixes.contains(first.key)
                && tokens[start + 1].key == Self.of)
            || (length >= 2 && lexicon.organizationHeads.contains(first.key) && !lexicon.titleWords.contains(first.key))
            || (organizationPrefix != nil && !personEvidence)
        {
            candidate.kind = .organization
        } else if personEvidence {
            candidate.kind = .person
        } else if length >= 2 && lexicon.givenNames.contains(first.key) && !first.isAllCaps {
            candidate.kind = .person
        } else if hasPersonCue(after: end) && !first.isAllCaps
            && (length >= 2 || lexicon.surnames.contains(first.key) || lexicon.givenNames.contains(first.key))
        {
            candidate.kind = .person
        } else if length >= 2 && lexicon.surnames.contains(last.key) && !last.isAllCaps
            && !lexicon.organizationHeads.contains(last.key)
        {
            candidate.kind = .person
        } else if length == 1 && first.isAllCaps && first.length >= 2 && first.length <= 6 {
            candidate.kind = .organization
        } else if hint == .organization && !(length == 1 && isUnlikelyName(candidate)) {
            candidate.kind = .organization
        }
        candidates.append(candidate)
    }

    /// "Smith, the chairman", "Smith, a spokesman for": a title in apposition.
    func hasApposition(after end: Int) -> Bool {
        guard end + 1 < tokens.count, tokens[end].kind == .punctuation, scalars[tokens[end].start] == "," else {
            return false
        }
        var probe = end + 1
        if tokens[probe].key == Self.the || tokens[probe].key == Self.a || tokens[probe].key == Self.an { probe += 1 }
        if let country = country(at: probe) { probe = country.next }
        return probe < tokens.count && lexicon.titles.match(tokens, at: probe) != nil
    }

    /// "Smith said", "Smith, who", "Smith, 45,".
    func hasPersonCue(after end: Int) -> Bool {
        guard end < tokens.count else { return false }
        if lexicon.personCues.contains(tokens[end].key) { return true }
        if tokens[end].kind == .punctuation, scalars[tokens[end].start] == ",", end + 1 < tokens.count {
            let next = tokens[end + 1]
            if next.key == TokenKey.of("who") { return true }
            if next.kind == .number, next.length <= 2, end + 2 < tokens.count,
                tokens[end + 2].kind == .punctuation, scalars[tokens[end + 2].start] == ","
            {
                return true
            }
        }
        return false
    }

    // MARK: - Resolution

    mutating func resolve() {
        // Strong people and organisations first, in order; then what can be resolved against them; then guesses.
        var pending: [Int] = []
        for (index, candidate) in candidates.enumerated() {
            switch candidate.kind {
            case .person: addPerson(candidate)
            case .organization: addOrganization(candidate)
            case .unknown: pending.append(index)
            }
        }
        // Multi-word guesses first, so that a later surname alone can join the name they introduce.
        var guesses: [Int] = []
        for index in pending where !resolveKnown(index) { guesses.append(index) }
        for candidate in candidates where candidate.end - candidate.start == 1 {
            singleWordCandidates.insert(tokens[candidate.start].key)
        }
        var singles: [Int] = []
        for index in guesses {
            if candidates[index].end - candidates[index].start == 1 {
                singles.append(index)
            } else {
                guess(index)
            }
        }
        for index in singles where !resolveKnown(index) { guess(index) }
    }

    /// Joins a candidate to the person or organisation it names, if one is known.
    mutating func resolveKnown(_ index: Int) -> Bool {
        let candidate = candidates[index]
        let keys = (candidate.start..<candidate.end).map { tokens[$0].key }
        if let person = personMatching(keys) {
            addMention(person: person, candidate)
            return true
        }
        if let organization = organizationMatching(keys, candidate) {
            addMention(organization: organization, candidate)
            return true
        }
        return false
    }

    /// What is left: two or three unfamiliar words are a person's name ("Amneh Jafari"); words also used in lower
    /// case in the document ("Best Buy") or a single word make an organisation; headlines and sentence openers are
    /// not guessed.
    mutating func guess(_ index: Int) {
        var candidate = candidates[index]
        let length = candidate.end - candidate.start
        if inHeadline[candidate.start] { return }
        if length == 1 && (opensSentence[candidate.start] || tokens[candidate.start].hasPeriod) { return }
        if length == 1 && isUnlikelyName(candidate) { return }
        // A single quoted word ("History" section) is a title or a term, not an organisation.
        if length == 1, candidate.start > 0, candidate.end < tokens.count,
            tokens[candidate.start - 1].kind == .punctuation, tokens[candidate.end].kind == .punctuation,
            SentenceSplitter.openingQuotes.contains(scalars[tokens[candidate.start - 1].start]),
            SentenceSplitter.closers.contains(scalars[tokens[candidate.end].start])
        {
            return
        }
        if length == 1 && lexicon.givenNames.contains(tokens[candidate.start].key) && !tokens[candidate.start].isAllCaps
        {
            candidate.kind = .person
            addPerson(candidate)
            return
        }
        if length >= 2 && length <= 3
            && (candidate.start..<candidate.end).allSatisfy({
                tokens[$0].kind == .word && !tokens[$0].isAllCaps && !lowercaseWords.contains(tokens[$0].key)
            })
            && looksLikePerson(candidate)
        {
            candidate.kind = .person
            addPerson(candidate)
        } else if isNameWord(candidate.start) {
            candidate.kind = .organization
            addOrganization(candidate)
        }
    }

    /// Person evidence for an unfamiliar name: its last word stands alone elsewhere ("Djamal said"), a person's
    /// context follows (apposition, cue), or a part after a hyphen is in lower case ("Wu Chi-wai").
    func looksLikePerson(_ candidate: Candidate) -> Bool {
        if hasPersonCue(after: candidate.end) || hasApposition(after: candidate.end) { return true }
        for index in candidate.start..<candidate.end where tokens[index].isHyphenated {
            var offset = tokens[index].start
            while offset < tokens[index].end, !Tokenizer.isHyphen(scalars[offset]) { offset += 1 }
            if offset + 1 < tokens[index].end, !Tokenizer.isUpper(scalars[offset + 1]) { return true }
        }
        return singleWordCandidates.contains(tokens[candidate.end - 1].key)
    }

    /// "XVII", "IV": a Roman numeral, not an acronym.
    static func isRomanNumeral(_ letters: ArraySlice<Unicode.Scalar>) -> Bool {
        letters.allSatisfy { "IVXLCDM".unicodeScalars.contains($0) }
    }

    /// A single word that is rather a group, a nationality or an ordinary word than an organisation: "American",
    /// "Chinese", "Muslims", "Hoping", "Reportedly".
    func isUnlikelyName(_ candidate: Candidate) -> Bool {
        let token = tokens[candidate.start]
        if token.isAllCaps { return false }
        // Compared scalar by scalar: the suffixes are lower-case ASCII, which no other spelling is canonically
        // equivalent to, so this is what `String.hasSuffix` would say, without building the word.
        let word = scalars[token.start..<token.end]
        for suffix in Self.unlikelySuffixes
        where word.count >= suffix.count && word.suffix(suffix.count).elementsEqual(suffix) {
            return true
        }
        return false
    }

    static let unlikelySuffixes: [[Unicode.Scalar]] = ["an", "ese", "ish", "ch", "s", "ing", "ed", "ly", "ist"].map {
        Array($0.unicodeScalars)
    }

    /// The person a run names: the same surname (last word), or a single word that is a known person's surname.
    func personMatching(_ keys: [UInt64]) -> Int? {
        guard let last = keys.last else { return nil }
        for index in peopleByLastWord[last] ?? [] {
            let person = people[index]
            if keys.count == 1 || keys.first == person.keys.first || person.keys.count == 1 { return index }
        }
        // A given name alone ("Daniel" after "Daniel Montalvo"): the last person known by it.
        if keys.count == 1, lexicon.givenNames.contains(last) { return peopleByFirstWord[last] }
        return nil
    }

    /// The organisation a run names: the same words, an acronym or lexicon variant of it, or its first word.
    func organizationMatching(_ keys: [UInt64], _ candidate: Candidate) -> Int? {
        if let index = organizationsByWords[keys] { return index }
        if keys.count == 1 {
            let token = tokens[candidate.start]
            if token.isAllCaps {
                let acronym = String(String.UnicodeScalarView(scalars[token.start..<token.end])).filter { $0 != "." }
                if let index = organizationsByAcronym[acronym] { return index }
            }
            if !lexicon.organizationHeads.contains(keys[0]), !isUnlikelyName(candidate),
                let index = organizationsByFirstWord[keys[0]]
            {
                return index
            }
        }
        return nil
    }

    static func acronym(of name: String) -> String {
        if let letters = asciiAcronym(of: name) { return letters }
        var letters = ""
        for word in name.split(separator: " ") {
            guard let first = word.unicodeScalars.first, Tokenizer.isUpper(first) else { continue }
            if acronymSkips.contains(TokenKey.of(word)) { continue }
            letters.unicodeScalars.append(first)
        }
        return letters
    }

    /// `acronym(of:)` for an all-ASCII name, read from its UTF-8 bytes without splitting it into `Substring`s
    /// (ASCII bytes are whole characters, so the words and first letters are the same); nil for other names.
    static func asciiAcronym(of name: String) -> String? {
        var letters: [UInt8] = []
        var key = TokenKey.seed
        var first: UInt8 = 0
        var inWord = false
        func finishWord() {
            if inWord, first >= 65 && first <= 90, !acronymSkips.contains(key) { letters.append(first) }
            key = TokenKey.seed
            inWord = false
        }
        for byte in name.utf8 {
            guard byte < 128 else { return nil }
            if byte == 32 {
                finishWord()
                continue
            }
            if !inWord {
                inWord = true
                first = byte
            }
            // Periods are left out of the key, as in `TokenKey.of`.
            if byte != 46 { key = TokenKey.mix(key, Unicode.Scalar(byte)) }
        }
        finishWord()
        return String(decoding: letters, as: UTF8.self)
    }

    mutating func addPerson(_ candidate: Candidate) {
        let keys = (candidate.start..<candidate.end).map { tokens[$0].key }
        if let index = personMatching(keys) {
            addMention(person: index, candidate)
            if keys.count > people[index].keys.count {
                people[index].keys = keys
                people[index].name = text(candidate.start, candidate.end)
                register(person: index)
            }
            return
        }
        people.append(
            Person(keys: keys, name: text(candidate.start, candidate.end), titles: [], country: nil, mentions: []))
        register(person: people.count - 1)
        addMention(person: people.count - 1, candidate)
    }

    /// Files a person under its last word (and first word, for full names).
    mutating func register(person index: Int) {
        let keys = people[index].keys
        guard let last = keys.last, let first = keys.first else { return }
        if !(peopleByLastWord[last]?.contains(index) ?? false) { peopleByLastWord[last, default: []].append(index) }
        if keys.count >= 2 { peopleByFirstWord[first] = index }
    }

    /// Files an organisation under its words, its acronym and its first word (first one wins).
    mutating func register(organization index: Int) {
        let organization = organizations[index]
        if organizationsByWords[organization.keys] == nil { organizationsByWords[organization.keys] = index }
        if let lexiconIndex = organization.lexiconIndex { organizationsByLexicon[lexiconIndex] = index }
        guard organization.keys.count >= 2, let first = organization.keys.first else { return }
        let acronym = Self.acronym(of: organization.name)
        if acronym.count >= 2, organizationsByAcronym[acronym] == nil { organizationsByAcronym[acronym] = index }
        if organizationsByFirstWord[first] == nil { organizationsByFirstWord[first] = index }
    }

    mutating func addMention(person index: Int, _ candidate: Candidate) {
        people[index].mentions.append(mention(candidate.start, candidate.end))
        for title in candidate.titles where !people[index].titles.contains(title) { people[index].titles.append(title) }
        if people[index].country == nil { people[index].country = candidate.country }
        spans.append(
            EntitySpan(
                start: tokens[candidate.start].start, end: tokens[candidate.end - 1].end,
                text: text(candidate.start, candidate.end), type: "PERSON"))
    }

    mutating func addOrganization(_ candidate: Candidate) {
        let keys = (candidate.start..<candidate.end).map { tokens[$0].key }
        if let lexiconIndex = candidate.organization {
            if let index = organizationsByLexicon[lexiconIndex] {
                addMention(organization: index, candidate)
                return
            }
            organizations.append(
                Organization(
                    name: lexicon.organizationNames[lexiconIndex],
                    keys: TokenKey.phrase(lexicon.organizationNames[lexiconIndex]),
                    aliases: [], mentions: [], lexiconIndex: lexiconIndex))
            register(organization: organizations.count - 1)
            addMention(organization: organizations.count - 1, candidate)
            return
        }
        if let index = organizationMatching(keys, candidate) {
            addMention(organization: index, candidate)
            return
        }
        organizations.append(
            Organization(
                name: text(candidate.start, candidate.end), keys: keys, aliases: [], mentions: [], lexiconIndex: nil))
        register(organization: organizations.count - 1)
        addMention(organization: organizations.count - 1, candidate)
    }

    mutating func addMention(organization index: Int, _ candidate: Candidate) {
        let surface = text(candidate.start, candidate.end)
        if surface != organizations[index].name && !organizations[index].aliases.contains(surface) {
            organizations[index].aliases.append(surface)
        }
        organizations[index].mentions.append(mention(candidate.start, candidate.end))
        spans.append(
            EntitySpan(
                start: tokens[candidate.start].start, end: tokens[candidate.end - 1].end, text: surface, type: "ORG"))
    }

    // MARK: - Titles after names and roles

    /// "Blinken, the U.S. secretary of state,": a title in apposition joins the person.
    mutating func addAppositionTitles() {
        guard !people.isEmpty else { return }
        var personAt: [Int: Int] = [:]
        for (index, person) in people.enumerated() {
            for mention in person.mentions { personAt[mention.end] = index }
        }
        for (index, token) in tokens.enumerated() where token.kind == .punctuation && scalars[token.start] == "," {
            guard index > 0, let person = personAt[tokens[index - 1].end] else { continue }
            var probe = index + 1
            if probe < tokens.count,
                tokens[probe].key == Self.the || tokens[probe].key == Self.a
                    || tokens[probe].key == Self.an
            {
                probe += 1
            }
            // "the organization's spokeswoman"
            if probe + 1 < tokens.count, tokens[probe + 1].key == Self.possessive, tokens[probe].kind == .word {
                probe += 2
            }
            var country: String?
            if let found = self.country(at: probe) {
                country = found.code
                probe = found.next
            }
            guard probe < tokens.count, let title = lexicon.titles.match(tokens, at: probe) else { continue }
            let after = probe + title.length
            if after < tokens.count, isNameWord(after), !tokens[after].newlineBefore, tokens[after].key != Self.of {
                continue
            }
            let written = text(probe, after)
            if !people[person].titles.contains(where: { $0.lowercased() == written.lowercased() }) {
                people[person].titles.append(written)
            }
            if people[person].country == nil { people[person].country = country }
        }
    }

    /// "Ukraine's president", "the Albanian prime minister": a role on a country without a name after it.
    mutating func findRoles() {
        for country in geo.countries {
            for countryMention in country.mentions {
                let index = QuoteExtractor.firstToken(tokens, atOrAfter: countryMention.start)
                guard index < tokens.count, tokens[index].start == countryMention.start else { continue }
                var probe = index
                while probe < tokens.count && tokens[probe].start < countryMention.end { probe += 1 }
                if probe < tokens.count, tokens[probe].key == Self.possessive { probe += 1 }
                guard probe < tokens.count, let role = lexicon.roles.match(tokens, at: probe) else { continue }
                let after = probe + role.length
                if after < tokens.count, isNameWord(after), !tokens[after].newlineBefore { continue }
                roles.append(
                    RoleFact(
                        role: role.payload, country: country.code,
                        mention: Mention(
                            start: countryMention.start, end: tokens[after - 1].end, sentence: countryMention.sentence))
                )
            }
        }
        roles.sort { ($0.mention.start, $0.role) < ($1.mention.start, $1.role) }
    }

    // MARK: - Result

    func result() -> RecognizedEntities {
        let peopleFacts = people.map {
            PersonFact(
                name: $0.name, titles: $0.titles, country: $0.country, mentionCount: $0.mentions.count,
                mentions: $0.mentions.sorted { $0.start < $1.start })
        }
        .enumerated().sorted { lhs, rhs in
            if lhs.element.mentionCount != rhs.element.mentionCount {
                return lhs.element.mentionCount > rhs.element.mentionCount
            }
            return lhs.offset < rhs.offset
        }
        .map(\.element)
        let organizationFacts = organizations.map {
            OrganizationFact(
                name: $0.name, aliases: $0.aliases, mentionCount: $0.mentions.count,
                mentions: $0.mentions.sorted { $0.start < $1.start })
        }
        .enumerated().sorted { lhs, rhs in
            if lhs.element.mentionCount != rhs.element.mentionCount {
                return lhs.element.mentionCount > rhs.element.mentionCount
            }
            return lhs.offset < rhs.offset
        }
        .map(\.element)
        return RecognizedEntities(
            people: peopleFacts, organizations: organizationFacts, roles: roles,
            spans: spans.sorted { ($0.start, $0.end) < ($1.start, $1.end) })
    }
}
