/// Finds people (with titles, surname mentions merged) and organisations (acronyms merged).
/// (Skeleton: implemented in the entities work.)
public struct EntityRecognizer: Sendable {
    public init(config: ConfigFiles) throws(ConfigFileError) {}

    public func recognize(document: TextDocument, sentences: [Range<Int>], geo: GeoResult) -> RecognizedEntities {
        RecognizedEntities()
    }
}

/// People, organisations and roles, plus their typed spans (`PERSON`, `ORG`).
public struct RecognizedEntities: Sendable, Equatable {
    public var people: [PersonFact]
    public var organizations: [OrganizationFact]
    public var roles: [RoleFact]
    public var spans: [EntitySpan]

    public init(
        people: [PersonFact] = [], organizations: [OrganizationFact] = [], roles: [RoleFact] = [],
        spans: [EntitySpan] = []
    ) {
        self.people = people
        self.organizations = organizations
        self.roles = roles
        self.spans = spans
    }
}
