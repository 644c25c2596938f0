/// Builds a country brief from every stored article that mentions the country.
///
/// Stages: select (articles mentioning the country, `since`) → rank (the country's salience in each article) →
/// summarize (sentences about the country, deduplicated across outlets; people, organisations, related countries,
/// a timeline of dated sentences, figures). Deterministic: stable sorts by score, then text.
public struct BriefBuilder: Sendable {
    let splitter: SentenceSplitter
    /// Sentence text (summary, timeline, figures) is read from the `limit × textArticlesPerItem` most relevant
    /// articles, and at least `minimumTextArticles`; people, organisations and related countries use every article.
    static let textArticlesPerItem = 5
    static let minimumTextArticles = 50

    public init(config: ConfigFiles) throws(ConfigFileError) {
        splitter = try SentenceSplitter(config: config)
    }

    /// - Parameters:
    ///   - country: the country the brief is about.
    ///   - articles: candidate articles (those that mention the country); order does not matter.
    ///   - since: keep articles whose publication (else ingest) date is on or after this `YYYY-MM-DD` or RFC 3339 value.
    ///   - limit: the most items in each list.
    ///   - nameOf: the display name of a country code (for related countries).
    public func brief(
        for country: CountryCatalog.Country, articles: [Article], since: String? = nil, limit: Int = 20,
        nameOf: (String) -> String?
    ) -> CountryBrief {
        let code = country.alpha2
        // Select and rank without copying articles: indexes into `articles`, with the country's salience.
        var selectedCount = 0
        var saliences: [Double] = []
        var entries: [Int] = []
        entries.reserveCapacity(articles.count)
        saliences.reserveCapacity(articles.count)
        for index in articles.indices {
            guard let salience = articles[index].packedFacts.salience(of: code) else { continue }
            if let since, articles[index].sortDate < since { continue }
            entries.append(index)
            saliences.append(salience)
            selectedCount += 1
        }
        // Ranked order: salience, then newest, then id. Only the first `textArticleCount` (and `limit`) positions
        // matter for the output, so they are picked with a bounded selection rather than a full sort.
        let textArticleCount = max(limit * Self.textArticlesPerItem, Self.minimumTextArticles)
        func precedes(_ lhs: Int, _ rhs: Int) -> Bool {
            if saliences[lhs] != saliences[rhs] { return saliences[lhs] > saliences[rhs] }
            let left = articles[entries[lhs]]
            let right = articles[entries[rhs]]
            if left.sortDate != right.sortDate { return left.sortDate > right.sortDate }
            return left.id < right.id
        }
        let topCount = max(textArticleCount, limit)
        let top = Self.first(topCount, of: 0..<entries.count, by: precedes)
        let tallies = BriefTallies(country: code, articles: entries.lazy.map { articles[$0] })
        return brief(
            for: country, top: tallies.top(limit: limit, nameOf: nameOf),
            ranked: top.map { (articles[entries[$0]], saliences[$0]) }, articleCount: selectedCount,
            updatedAt: entries.lazy.map { articles[$0].ingestedAt }.max(), limit: limit)
    }

    /// The number of top-ranked articles whose sentence text a brief of `limit` items reads.
    public static func textArticleCount(limit: Int) -> Int {
        max(max(limit * textArticlesPerItem, minimumTextArticles), limit)
    }

    /// The brief from what was counted over every article (`top`) and the best-ranked articles, in rank order: at
    /// least `textArticleCount(limit:)` of them when the country has that many. The sentence work (summary, timeline,
    /// figures) reads only these. Gives the same brief as `brief(for:articles:…)` over the same articles.
    /// - Parameters:
    ///   - ranked: articles by the country's salience, then newest, then id, with that salience.
    ///   - articleCount: how many articles mention the country.
    ///   - updatedAt: the latest ingest time among them.
    public func brief(
        for country: CountryCatalog.Country, top: BriefTallies.Top, ranked: [(article: Article, salience: Double)],
        articleCount: Int, updatedAt: String?, limit: Int
    ) -> CountryBrief {
        let code = country.alpha2
        var candidates: [BriefSentence] = []
        var timeline: [BriefDate] = []
        var figures: [BriefFigure] = []
        let textArticleCount = max(limit * Self.textArticlesPerItem, Self.minimumTextArticles)
        for (article, salience) in ranked.prefix(textArticleCount) {
            guard let countryFact = article.countryFact(code) else { continue }
            let countrySentences = SentenceSet(countryFact.mentionList)
            let isFocus = countryFact.focus
            let document = TextDocument(article.body.text)
            let sentences = splitter.sentences(in: document)
            func sentenceText(_ index: Int, fallback: String) -> String {
                sentences.indices.contains(index) ? document.substring(sentences[index]) : fallback
            }
            let keyScores = Dictionary(
                article.packedFacts.keySentenceScores.lazy.map { ($0.sentence, $0.score) }, uniquingKeysWith: max)

            // Candidate sentences: those naming the country, plus key sentences of articles about it.
            for index in sentences.indices where countrySentences.contains(index) || (isFocus && keyScores[index] != nil) {
                let text = document.substring(sentences[index])
                guard text.unicodeScalars.count >= 30 else { continue }
                let position = 1.0 / Double(index + 1).squareRoot()
                let score = salience * (1 + (keyScores[index] ?? 0) + 0.5 * position)
                candidates.append(BriefSentence(text: text, articleID: article.id, score: (score * 1000).rounded() / 1000))
            }
            for date in article.packedFacts.dates {
                guard let value = date.value, value.first?.isNumber == true else { continue }
                guard isFocus || countrySentences.contains(date.mention.sentence) else { continue }
                timeline.append(
                    BriefDate(
                        date: value, text: date.text, sentence: sentenceText(date.mention.sentence, fallback: date.text),
                        articleID: article.id))
            }
            for figure in article.packedFacts.figures {
                guard isFocus || countrySentences.contains(figure.mention.sentence) else { continue }
                figures.append(
                    BriefFigure(
                        text: figure.text, value: figure.value, unit: figure.unit, kind: figure.kind,
                        sentence: sentenceText(figure.mention.sentence, fallback: figure.text), articleID: article.id))
            }
        }

        // Best first, then each sentence once (the same wire story from several outlets counts once).
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.text, $0.articleID) < ($1.text, $1.articleID) }
        var seen = SentenceDeduplicator()
        var summary: [BriefSentence] = []
        for candidate in candidates where summary.count < limit && seen.insert(candidate.text) {
            summary.append(candidate)
        }
        var timelineSeen = Set<String>()
        timeline = timeline.sorted { ($0.date, $0.articleID, $0.text) < ($1.date, $1.articleID, $1.text) }
            .filter { timelineSeen.insert($0.date + "|" + $0.sentence).inserted }
        var figureSeen = SentenceDeduplicator()
        figures = figures.filter { figureSeen.insert($0.text + " " + $0.sentence) }

        return CountryBrief(
            country: BriefCountry(code: code, alpha3: country.alpha3, name: country.name),
            articleCount: articleCount,
            updatedAt: updatedAt,
            summary: Array(summary.prefix(limit)),
            people: top.people,
            organizations: top.organizations,
            relatedCountries: top.relatedCountries,
            timeline: Array(timeline.suffix(limit)),
            figures: Array(figures.prefix(limit)),
            articles: Array(
                ranked.prefix(limit).map {
                    BriefArticle(
                        id: $0.article.id, title: $0.article.title, url: $0.article.url,
                        publishedAt: $0.article.publishedAt, salience: $0.salience)
                })
        )
    }
}

extension BriefBuilder {
    /// The `k` elements of `elements` that come first by `precedes` (a strict total order), in order, without
    /// copying the sequence: a bounded heap of the best `k` so far, one comparison for most elements.
    static func first<S: Sequence>(_ k: Int, of elements: S, by precedes: (S.Element, S.Element) -> Bool) -> [S.Element] {
        guard k > 0 else { return [] }
        var heap: [S.Element] = []
        heap.reserveCapacity(k)
        for element in elements {
            if heap.count < k {
                heap.append(element)
                var child = heap.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard precedes(heap[parent], heap[child]) else { break }
                    heap.swapAt(parent, child)
                    child = parent
                }
            } else if precedes(element, heap[0]) {
                heap[0] = element
                var parent = 0
                while true {
                    let left = 2 * parent + 1
                    guard left < heap.count else { break }
                    var worst = left
                    if left + 1 < heap.count && precedes(heap[left], heap[left + 1]) { worst = left + 1 }
                    guard precedes(heap[parent], heap[worst]) else { break }
                    heap.swapAt(parent, worst)
                    parent = worst
                }
            }
        }
        return heap.sorted(by: precedes)
    }
}

/// The sentence indexes of a country's mentions: a bit set for the first 128 sentences, a list beyond.
struct SentenceSet {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var rest: [Int] = []

    init(_ mentions: MentionList) {
        mentions.forEach { mention in
            let sentence = mention.sentence
            if sentence >= 0 && sentence < 64 {
                low |= 1 << UInt64(sentence)
            } else if sentence >= 64 && sentence < 128 {
                high |= 1 << UInt64(sentence - 64)
            } else {
                rest.append(sentence)
            }
        }
    }

    func contains(_ sentence: Int) -> Bool {
        if sentence >= 0 && sentence < 64 { return low & (1 << UInt64(sentence)) != 0 }
        if sentence >= 64 && sentence < 128 { return high & (1 << UInt64(sentence - 64)) != 0 }
        return rest.contains(sentence)
    }
}

/// Remembers sentences by a normalised form (letters and digits, lower-cased) and by word trigrams, so that the
/// same wire story stored from several outlets gives each sentence once. An inverted index from trigram to the
/// sentences holding it keeps each insertion proportional to the sentences that share words with it.
struct SentenceDeduplicator {
    private var exact = Set<String>()
    private var shingleCounts: [Int] = []
    private var postings: [Int: [Int]] = [:]

    /// Jaccard similarity over word trigrams from which two sentences count as the same.
    static let threshold = 0.8

    /// Inserts `text`; false when it or a near-duplicate was seen.
    mutating func insert(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let key = words.joined(separator: " ")
        guard exact.insert(key).inserted else { return false }
        var shingles = Set<Int>()
        if words.count >= 3 {
            for start in 0...(words.count - 3) {
                var hasher = Hasher()
                hasher.combine(words[start])
                hasher.combine(words[start + 1])
                hasher.combine(words[start + 2])
                shingles.insert(hasher.finalize())
            }
        } else {
            shingles.insert(key.hashValue)
        }
        var common: [Int: Int] = [:]
        for shingle in shingles {
            for other in postings[shingle] ?? [] { common[other, default: 0] += 1 }
        }
        for (other, shared) in common {
            let union = shingles.count + shingleCounts[other] - shared
            if union > 0 && Double(shared) / Double(union) >= Self.threshold { return false }
        }
        let id = shingleCounts.count
        shingleCounts.append(shingles.count)
        for shingle in shingles { postings[shingle, default: []].append(id) }
        return true
    }
}
