import CLibXML2
import CloudKitModel
import Foundation

/// A parsed XML element: name, text and children, for reading AWS query-protocol replies.
struct XMLTree: Sendable {
    var name: String
    var text: String
    var children: [XMLTree]

    /// The first child named `name`.
    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Children named `name`.
    func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The text of the element at a path of child names.
    func text(_ path: String...) -> String? {
        var node: XMLTree? = self
        for name in path { node = node?.child(name) }
        return node?.text
    }

    /// The first element named `name` anywhere below (depth first).
    func find(_ name: String) -> XMLTree? {
        for child in children {
            if child.name == name { return child }
            if let found = child.find(name) { return found }
        }
        return nil
    }

    /// Parses a document; malformed XML, or XML that is not UTF-8, is
    /// `internal` (the service broke the protocol).
    ///
    /// libxml2 (the platform's parser) reads it, not Foundation's
    /// `XMLParser`: on Linux that one traps — ends the process — on some
    /// hostile replies (a processing instruction without data, invalid UTF-8
    /// in a tag name; both found by `Fuzz/XMLFuzz.swift`). No network, no
    /// DTD loading, no entity substitution; libxml2 bounds nesting depth.
    static func parse(_ data: Data) throws(CloudError) -> XMLTree {
        let malformed = CloudError.internal("the service replied with malformed XML")
        guard !data.isEmpty, data.count < Int(Int32.max), String(validating: data, as: UTF8.self) != nil else { throw malformed }
        _ = initialized
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = data.withUnsafeBytes { bytes in
            xmlReadMemory(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", options)
        }
        guard let document else { throw malformed }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { throw malformed }
        return tree(root)
    }

    /// libxml2's one-time global set-up (thread-safe parsing afterwards).
    private static let initialized: Void = xmlInitParser()

    /// An element: its local name, the text directly inside it, its element children.
    private static func tree(_ node: xmlNodePtr) -> XMLTree {
        var text = ""
        var children: [XMLTree] = []
        var next = node.pointee.children
        while let child = next {
            switch child.pointee.type {
            case XML_ELEMENT_NODE: children.append(tree(child))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = child.pointee.content { text += String(cString: content) }
            default: break
            }
            next = child.pointee.next
        }
        return XMLTree(name: node.pointee.name.map { String(cString: $0) } ?? "", text: text, children: children)
    }
}
