//! The structure tree: one element per node of the role tree that has content, with its
//! kids (child elements, marked content, link annotations), and the root with the parent
//! tree that maps each MCID and each annotation back to its element.

use std::collections::BTreeMap;

use pdf_writer::{Array, Dict, Finish, Name, Ref, TextStr};

use super::super::display::{Child, DisplayDocument, Role};
use super::super::sink::ObjectSink;
use super::content::Marked;
use super::{PdfError, int, refs, role_name};

/// The structure elements written, and what the parent tree needs of them.
pub(super) struct Tree {
    /// The element of each node of the role tree; none for a node without content.
    pub(super) node_refs: Vec<Option<Ref>>,
    /// The annotation of each link.
    pub(super) link_refs: Vec<Ref>,
    /// The owner of each MCID of each page, indexed by MCID.
    page_parents: Vec<Vec<Option<Ref>>>,
    /// The element of each link annotation.
    link_parent: BTreeMap<usize, Ref>,
}

/// Where the kids of one element are written from.
struct Place<'a> {
    doc: &'a DisplayDocument,
    marked: &'a Marked,
    page_refs: &'a [Ref],
    /// The element whose kids these are.
    me: Ref,
    /// The page of its first marked content: MCIDs on it are listed bare.
    first_page: Option<usize>,
}

/// Writes one structure element per node with content.
pub(super) fn write_elements(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    marked: &Marked,
    page_refs: &[Ref],
    struct_root: Ref,
) -> Result<Tree, PdfError> {
    let keep = filled(doc);
    let node_refs: Vec<Option<Ref>> = keep
        .iter()
        .map(|k| k.then(|| sink.next_ref()).transpose())
        .collect::<Result<_, _>>()?;
    let link_refs: Vec<Ref> = refs(sink, doc.links.len())?;
    let parent_nodes = parents(doc);
    let mut tree = Tree {
        node_refs,
        link_refs,
        page_parents: marked.per_page.iter().map(|n| vec![None; *n]).collect(),
        link_parent: BTreeMap::new(),
    };
    for (n, node) in doc.nodes.iter().enumerate() {
        let Some(Some(me)) = tree.node_refs.get(n).copied() else {
            continue;
        };
        let first_page = node.children.iter().find_map(|c| match c {
            Child::Content { page, .. } => Some(*page),
            _ => None,
        });
        let parent = kept_parent(n, &parent_nodes, &tree.node_refs).unwrap_or(struct_root);
        let place = Place {
            doc,
            marked,
            page_refs,
            me,
            first_page,
        };
        sink.object(me, |obj| {
            let mut elem = obj.dict();
            elem.pair(Name(b"Type"), Name(b"StructElem"))
                .pair(Name(b"S"), Name(role_name(&node.role)))
                .pair(Name(b"P"), parent);
            if let Some(p) = first_page.and_then(|p| page_refs.get(p)) {
                elem.pair(Name(b"Pg"), *p);
            }
            attributes(&mut elem, &node.role, doc);
            let mut kids = elem.insert(Name(b"K")).array();
            for child in &node.children {
                tree.kid(&mut kids, child, &place);
            }
            kids.finish();
            Ok(())
        })?;
    }
    Ok(tree)
}

/// The attributes of an element that its role needs: a heading's title, a header cell's
/// scope, a list's numbering, the document's language.
fn attributes(elem: &mut Dict<'_>, role: &Role, doc: &DisplayDocument) {
    match role {
        Role::H { title, .. } => {
            elem.pair(Name(b"T"), TextStr(title));
        }
        Role::TH => {
            elem.insert(Name(b"A"))
                .dict()
                .pair(Name(b"O"), Name(b"Table"))
                .pair(Name(b"Scope"), Name(b"Column"));
        }
        Role::L { ordered } => {
            elem.insert(Name(b"A"))
                .dict()
                .pair(Name(b"O"), Name(b"List"))
                .pair(
                    Name(b"ListNumbering"),
                    Name(if *ordered { b"Decimal" } else { b"Disc" }),
                );
        }
        Role::Document => {
            elem.pair(Name(b"Lang"), TextStr(&doc.info.lang));
        }
        _ => {}
    }
}

impl Tree {
    /// Writes one kid of an element: a child element, a marked-content reference or an
    /// annotation reference; records the element as the parent of what it holds.
    fn kid(&mut self, kids: &mut Array<'_>, child: &Child, at: &Place<'_>) {
        match child {
            Child::Node(c) => {
                if let Some(Some(r)) = self.node_refs.get(*c) {
                    kids.item(*r);
                }
            }
            Child::Content { page, item } => {
                let Some(mcid) = at.marked.mcids.get(&(*page, *item)).copied() else {
                    return;
                };
                if let Some(slot) = self
                    .page_parents
                    .get_mut(*page)
                    .and_then(|owners| owners.get_mut(usize::try_from(mcid).ok()?))
                {
                    *slot = Some(at.me);
                }
                if Some(*page) == at.first_page {
                    kids.item(mcid);
                } else if let Some(pg) = at.page_refs.get(*page) {
                    kids.push()
                        .dict()
                        .pair(Name(b"Type"), Name(b"MCR"))
                        .pair(Name(b"Pg"), *pg)
                        .pair(Name(b"MCID"), mcid);
                }
            }
            Child::Link(l) => {
                let (Some(annot), Some(link)) = (self.link_refs.get(*l), at.doc.links.get(*l))
                else {
                    return;
                };
                self.link_parent.insert(*l, at.me);
                let mut objr = kids.push().dict();
                objr.pair(Name(b"Type"), Name(b"OBJR"))
                    .pair(Name(b"Obj"), *annot);
                if let Some(pg) = at.page_refs.get(link.page) {
                    objr.pair(Name(b"Pg"), *pg);
                }
            }
        }
    }
}

/// Writes the structure tree root and its parent tree: each page's MCIDs, then each
/// annotation, point to their element.
pub(super) fn write_root(
    sink: &mut ObjectSink,
    doc: &DisplayDocument,
    tree: &Tree,
    struct_root: Ref,
) -> Result<(), PdfError> {
    sink.object(struct_root, |obj| {
        let mut root = obj.dict();
        root.pair(Name(b"Type"), Name(b"StructTreeRoot"));
        if let Some(Some(doc_elem)) = tree.node_refs.first() {
            root.insert(Name(b"K")).array().item(*doc_elem);
        }
        root.pair(
            Name(b"ParentTreeNextKey"),
            int(doc.pages.len() + doc.links.len())?,
        );
        let mut parent_tree = root.insert(Name(b"ParentTree")).dict();
        let mut nums = parent_tree.insert(Name(b"Nums")).array();
        for (index, parents) in tree.page_parents.iter().enumerate() {
            nums.item(int(index)?);
            let mut arr = nums.push().array();
            for owner in parents {
                match owner {
                    Some(r) => arr.item(*r),
                    None => arr.item(pdf_writer::Null),
                };
            }
        }
        for (l, parent) in &tree.link_parent {
            nums.item(int(doc.pages.len() + *l)?);
            nums.item(*parent);
        }
        Ok(())
    })
}

/// Which node has any content below it; empty elements are left out of the tree.
fn filled(doc: &DisplayDocument) -> Vec<bool> {
    fn visit(doc: &DisplayDocument, n: usize, memo: &mut Vec<Option<bool>>, depth: usize) -> bool {
        if let Some(Some(v)) = memo.get(n) {
            return *v;
        }
        let v = depth < 256
            && doc.nodes.get(n).is_some_and(|node| {
                node.children.iter().any(|c| match c {
                    Child::Node(c) => visit(doc, *c, memo, depth + 1),
                    Child::Content { .. } | Child::Link(_) => true,
                })
            });
        if let Some(slot) = memo.get_mut(n) {
            *slot = Some(v);
        }
        v
    }
    let mut memo = vec![None; doc.nodes.len()];
    (0..doc.nodes.len())
        .map(|n| visit(doc, n, &mut memo, 0))
        .collect()
}

/// The parent of every node of the role tree (which stores only children).
fn parents(doc: &DisplayDocument) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.nodes.len()];
    for (n, node) in doc.nodes.iter().enumerate() {
        for c in &node.children {
            if let Child::Node(c) = c
                && let Some(slot) = out.get_mut(*c)
            {
                *slot = Some(n);
            }
        }
    }
    out
}

/// The nearest ancestor of node `n` that is kept in the tree.
fn kept_parent(n: usize, parents: &[Option<usize>], node_refs: &[Option<Ref>]) -> Option<Ref> {
    let mut at = n;
    for _ in 0..parents.len() {
        at = parents.get(at).copied().flatten()?;
        if let Some(Some(r)) = node_refs.get(at) {
            return Some(*r);
        }
    }
    None
}
