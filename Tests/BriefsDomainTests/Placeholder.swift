import Testing
@testable import BriefsDomain

@Test func BriefsDomainPlaceholder() { #expect(Bool(true)) }
