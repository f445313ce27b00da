@testable import AWSProvider
import CloudKitModel
import Foundation
import Testing

/// How service pages become cloudkit pages, whatever the service honours.
@Suite("Resource listing pages")
struct ResourcePagerTests {
    /// A fake service: `pages[token]` is its reply to that token ("" for none).
    final class Service: @unchecked Sendable {
        let pages: [String: ServicePage]
        private(set) var asked: [String?] = []
        init(_ pages: [String: ServicePage]) { self.pages = pages }
        func fetch(_ token: String?) throws(CloudError) -> ServicePage {
            asked.append(token)
            guard let page = pages[token ?? ""] else { throw .internal("asked for unknown token \(token ?? "nil")") }
            return page
        }
    }

    static func names(_ names: String...) -> [ResourceSummary] { names.map { ResourceSummary(name: $0) } }

    func all(_ service: Service, prefix: String? = nil, maxItems: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var token: String?
        repeat {
            let page = try await ResourcePager.page(
                ListResourcesRequest(prefix: prefix, pageToken: token, maxItems: maxItems), kind: .queues, defaultSize: 1000, operation: "Test"
            ) { token throws(CloudError) in try service.fetch(token) }
            pages.append(page.items.map(\.name))
            token = page.nextPageToken
        } while token != nil && pages.count < 50
        return pages
    }

    @Test("a service that ignores the page size and prefix is filtered, sorted and cut here, each name once")
    func clientSidePaging() async throws {
        let service = Service(["": ServicePage(items: Self.names("q-c", "other", "q-a", "q-e", "q-b", "q-d"))])
        #expect(try await all(service, prefix: "q-", maxItems: 2) == [["q-a", "q-b"], ["q-c", "q-d"], ["q-e"]])
    }

    @Test("service pages are followed; each cloudkit page comes from one, sorted; pages without a match are skipped")
    func servicePages() async throws {
        let service = Service([
            "": ServicePage(items: Self.names("z-1", "a-1"), nextToken: "t1"),
            "t1": ServicePage(items: Self.names("other"), nextToken: "t2"),
            "t2": ServicePage(items: Self.names("b-2", "b-1", "b-3"), nextToken: "t3"),
            "t3": ServicePage(items: []),
        ])
        #expect(try await all(service, maxItems: 1000) == [["a-1", "z-1"], ["other"], ["b-1", "b-2", "b-3"], []])
        let prefixed = Service(service.pages)
        // The service had more pages after "b-3": whether they match is known only by asking.
        #expect(try await all(prefixed, prefix: "b-", maxItems: 2) == [["b-1", "b-2"], ["b-3"], []])
    }

    @Test("a token repeated within one call, or the one sent coming back, fails with RepeatedPageToken")
    func repeatedTokens() async throws {
        let cycling = Service(["": ServicePage(items: [], nextToken: "t1"), "t1": ServicePage(items: [], nextToken: "t2"), "t2": ServicePage(items: [], nextToken: "t1")])
        await #expect(throws: CloudError.self) { try await all(cycling, maxItems: 10) }
        #expect(cycling.asked.count == 3, "stopped at the first repetition: \(cycling.asked)")
        let same = Service(["": ServicePage(items: Self.names("a"), nextToken: "t1"), "t1": ServicePage(items: Self.names("b"), nextToken: "t1")])
        do {
            _ = try await all(same, maxItems: 10)
            Issue.record("a token sent and returned again was followed")
        } catch let error as CloudError {
            #expect(error.code == "RepeatedPageToken")
        }
    }

    @Test("tokens round-trip; one of another listing, damaged or invented is invalid argument")
    func tokens() throws {
        let token = ResourcePageToken(kind: .topics, service: "s/1+=", after: "name")
        #expect(try ResourcePageToken(parsing: token.text, kind: .topics) == token)
        #expect(try ResourcePageToken(parsing: nil, kind: .topics) == nil)
        for bad in [token.text + "x", "ck1.", "abc", "", token.text.replacingOccurrences(of: "ck1.", with: "ck2.")] {
            #expect(throws: CloudError.self) { try ResourcePageToken(parsing: bad, kind: .topics) }
        }
        #expect(throws: CloudError.self) { try ResourcePageToken(parsing: token.text, kind: .queues) }
        #expect(throws: CloudError.self) { try ResourcePageToken(parsing: ResourcePageToken(kind: .topics).text, kind: .topics) }
    }

    @Test("max items out of range is invalid before the service is asked", arguments: [-1, 1001])
    func pageSizes(maxItems: Int) async throws {
        let service = Service(["": ServicePage(items: [])])
        await #expect(throws: CloudError.self) { try await all(service, maxItems: maxItems) }
        #expect(service.asked.isEmpty)
    }
}
