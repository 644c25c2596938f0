/// What a brief counts over every article of a country: people, organisations and related countries.
///
/// Kept apart from the sentence work so a store can keep one per country up to date as articles come and go
/// (`add`/`remove`), and a rebuilt brief then only reads text from its top articles. The relevance rules are those
/// of `BriefBuilder`: a person or organisation counts when the article is about the country (focus) or mentions them
/// in a sentence that names the country (a person also when their country is it).
public struct BriefTallies: Sendable, Equatable {
    /// Per person: how often each title was seen (so a removal can take one back), mentions, articles.
    struct PersonTotals: Sendable, Equatable, ArticleMentionCounts {
        var titleCounts: [String: Int] = [:]
        var mentionCount = 0
        var articleCount = 0
    }

    private(set) var people: [String: PersonTotals] = [:]
    private(set) var organizations: [String: OrganizationTally] = [:]
    private(set) var related: [String: Int] = [:]

    public init() {}

    /// Tallies of `code` over `articles` (those that do not mention it are skipped).
    public init(country code: String, articles: some Sequence<Article>) {
        for article in articles { add(article, country: code) }
    }

    /// Counts `article` in (no-op when it does not mention `code`).
    public mutating func add(_ article: Article, country code: String) {
        update(article, country: code, by: 1)
    }

    /// Takes `article` back out (it must have been added).
    public mutating func remove(_ article: Article, country code: String) {
        update(article, country: code, by: -1)
    }

    private mutating func update(_ article: Article, country code: String, by step: Int) {
        // Only the parts the tallies read are decoded.
        let facts = article.packedFacts
        let countries = facts.countries
        guard let countryFact = countries.first(where: { $0.code == code }) else { return }
        let countrySentences = SentenceSet(countryFact.mentionList)
        let isFocus = countryFact.focus
        for person in facts.people {
            guard isFocus || person.country == code || person.mentionList.contains(where: { countrySentences.contains($0.sentence) })
            else { continue }
            var totals = people.removeValue(forKey: person.name) ?? PersonTotals()
            for title in person.titles {
                let count = (totals.titleCounts[title] ?? 0) + step
                totals.titleCounts[title] = count > 0 ? count : nil
            }
            totals.mentionCount += step * person.mentionCount
            totals.articleCount += step
            if totals.articleCount > 0 { people[person.name] = totals }
        }
        for organization in facts.organizations {
            guard isFocus || organization.mentionList.contains(where: { countrySentences.contains($0.sentence) }) else {
                continue
            }
            var tally = organizations.removeValue(forKey: organization.name) ?? OrganizationTally()
            tally.mentionCount += step * organization.mentionCount
            tally.articleCount += step
            if tally.articleCount > 0 { organizations[organization.name] = tally }
        }
        for other in countries where other.code != code {
            let count = (related[other.code] ?? 0) + step
            related[other.code] = count > 0 ? count : nil
        }
    }

    /// Whether `left` is listed before `right`: most articles, then most mentions, then by name.
    static func listsBefore<Counts: ArticleMentionCounts>(
        _ left: (key: String, value: Counts), _ right: (key: String, value: Counts)
    ) -> Bool {
        let (lhs, rhs) = (left.value, right.value)
        if lhs.articleCount != rhs.articleCount { return lhs.articleCount > rhs.articleCount }
        if lhs.mentionCount != rhs.mentionCount { return lhs.mentionCount > rhs.mentionCount }
        return left.key < right.key
    }

    /// The first `limit` people, organisations and related countries, as a brief lists them: most articles, then
    /// most mentions, then by name (related countries: most co-mentions, then by code).
    public func top(limit: Int, nameOf: (String) -> String?) -> BriefTallies.Top {
        let topPeople = BriefBuilder.first(limit, of: people, by: Self.listsBefore)
        let topOrganizations = BriefBuilder.first(limit, of: organizations, by: Self.listsBefore)
        return Top(
            people: topPeople.map { name, totals in
                BriefPerson(
                    name: name, titles: totals.titleCounts.keys.sorted(), mentionCount: totals.mentionCount,
                    articleCount: totals.articleCount)
            },
            organizations: topOrganizations.map { name, tally in
                BriefOrganization(name: name, mentionCount: tally.mentionCount, articleCount: tally.articleCount)
            },
            relatedCountries: Array(
                related.map { BriefRelatedCountry(code: $0.key, name: nameOf($0.key) ?? $0.key, coMentions: $0.value) }
                    .sorted { $0.coMentions != $1.coMentions ? $0.coMentions > $1.coMentions : $0.code < $1.code }
                    .prefix(limit)))
    }

    /// The lists a brief shows from the tallies.
    public struct Top: Sendable, Equatable {
        public var people: [BriefPerson]
        public var organizations: [BriefOrganization]
        public var relatedCountries: [BriefRelatedCountry]
    }
}

/// An organisation's totals across the articles of a brief.
struct OrganizationTally: Sendable, Equatable, ArticleMentionCounts {
    var mentionCount = 0
    var articleCount = 0
}

/// The counts a brief orders its people and organisations by.
protocol ArticleMentionCounts {
    var articleCount: Int { get }
    var mentionCount: Int { get }
}
