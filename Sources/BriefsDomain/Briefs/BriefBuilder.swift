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
        let selected = articles.filter { article in
            guard article.countries.contains(code) else { return false }
            guard let since else { return true }
            return article.sortDate >= since
        }
        let ranked: [(article: Article, salience: Double)] = selected.map { article in
            (article, article.facts.countries.first { $0.code == code }?.salience ?? 0)
        }.sorted { lhs, rhs in
            if lhs.salience != rhs.salience { return lhs.salience > rhs.salience }
            if lhs.article.sortDate != rhs.article.sortDate { return lhs.article.sortDate > rhs.article.sortDate }
            return lhs.article.id < rhs.article.id
        }

        var candidates: [BriefSentence] = []
        var people: [String: BriefPerson] = [:]
        var organizations: [String: BriefOrganization] = [:]
        var related: [String: Int] = [:]
        var timeline: [BriefDate] = []
        var figures: [BriefFigure] = []

        // Facts alone (cheap) for every article; sentence text only for the most relevant ones, so a brief over
        // thousands of articles stays fast.
        let textArticleCount = max(limit * Self.textArticlesPerItem, Self.minimumTextArticles)
        for (rank, (article, salience)) in ranked.enumerated() {
            let countryFact = article.facts.countries.first { $0.code == code }
            let countrySentences = Set(countryFact?.mentions.map(\.sentence) ?? [])
            let isFocus = countryFact?.focus ?? false

            for person in article.facts.people {
                let relevant = person.country == code || person.mentions.contains { countrySentences.contains($0.sentence) }
                guard relevant || isFocus else { continue }
                var entry = people[person.name] ?? BriefPerson(name: person.name, titles: [], mentionCount: 0, articleCount: 0)
                entry.titles = Array(Set(entry.titles + person.titles)).sorted()
                entry.mentionCount += person.mentionCount
                entry.articleCount += 1
                people[person.name] = entry
            }
            for organization in article.facts.organizations {
                let relevant = organization.mentions.contains { countrySentences.contains($0.sentence) }
                guard relevant || isFocus else { continue }
                var entry = organizations[organization.name]
                    ?? BriefOrganization(name: organization.name, mentionCount: 0, articleCount: 0)
                entry.mentionCount += organization.mentionCount
                entry.articleCount += 1
                organizations[organization.name] = entry
            }
            for other in article.facts.countries where other.code != code {
                related[other.code, default: 0] += 1
            }

            guard rank < textArticleCount else { continue }
            let document = TextDocument(article.body.text)
            let sentences = splitter.sentences(in: document)
            func sentenceText(_ index: Int, fallback: String) -> String {
                sentences.indices.contains(index) ? document.substring(sentences[index]) : fallback
            }
            let keyScores = Dictionary(
                article.facts.keySentences.map { ($0.mention.sentence, $0.score) }, uniquingKeysWith: max)

            // Candidate sentences: those naming the country, plus key sentences of articles about it.
            for index in sentences.indices where countrySentences.contains(index) || (isFocus && keyScores[index] != nil) {
                let text = document.substring(sentences[index])
                guard text.unicodeScalars.count >= 30 else { continue }
                let position = 1.0 / Double(index + 1).squareRoot()
                let score = salience * (1 + (keyScores[index] ?? 0) + 0.5 * position)
                candidates.append(BriefSentence(text: text, articleID: article.id, score: (score * 1000).rounded() / 1000))
            }
            for date in article.facts.dates {
                guard let value = date.value, value.first?.isNumber == true else { continue }
                guard isFocus || countrySentences.contains(date.mention.sentence) else { continue }
                timeline.append(
                    BriefDate(
                        date: value, text: date.text, sentence: sentenceText(date.mention.sentence, fallback: date.text),
                        articleID: article.id))
            }
            for figure in article.facts.figures {
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
            articleCount: selected.count,
            updatedAt: selected.map(\.ingestedAt).max(),
            summary: Array(summary.prefix(limit)),
            people: Array(
                people.values.sorted {
                    ($0.articleCount, $0.mentionCount) != ($1.articleCount, $1.mentionCount)
                        ? ($0.articleCount, $0.mentionCount) > ($1.articleCount, $1.mentionCount) : $0.name < $1.name
                }.prefix(limit)),
            organizations: Array(
                organizations.values.sorted {
                    ($0.articleCount, $0.mentionCount) != ($1.articleCount, $1.mentionCount)
                        ? ($0.articleCount, $0.mentionCount) > ($1.articleCount, $1.mentionCount) : $0.name < $1.name
                }.prefix(limit)),
            relatedCountries: Array(
                related.map { BriefRelatedCountry(code: $0.key, name: nameOf($0.key) ?? $0.key, coMentions: $0.value) }
                    .sorted { $0.coMentions != $1.coMentions ? $0.coMentions > $1.coMentions : $0.code < $1.code }
                    .prefix(limit)),
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
