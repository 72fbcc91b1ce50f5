//! How the answers of an operation come in pages (the `x-pagination` extension), so that the
//! client can yield every item of every page.

use super::Shape;

/// How to walk the pages of an operation's answers: which parameter moves from page to page,
/// and where the success body holds the items and what tells whether more pages follow.
#[derive(Debug, Clone)]
pub struct Pagination {
    pub style: PageStyle,
    /// The parameter that sets the page size, if any.
    pub size: Option<PageSize>,
    /// The properties from the success body to its array of items; none when the body is the
    /// array.
    pub items: Vec<FieldStep>,
    /// One item.
    pub item: Shape,
}

#[derive(Debug, Clone)]
pub enum PageStyle {
    /// Pages by number: the next page is the number after the last one asked for.
    Number {
        /// The page-number parameter (an index into `Operation::params`).
        page: usize,
        /// The number of the first page: the parameter's default, what the server answers
        /// when it is not sent.
        first: i128,
        /// The properties from the success body to the total number of items, if it says.
        total: Option<Vec<FieldStep>>,
    },
    /// Pages by an opaque cursor that each page gives for the next.
    Cursor {
        /// The cursor parameter (an index into `Operation::params`).
        cursor: usize,
        /// The properties from the success body to the next page's cursor.
        next: Vec<FieldStep>,
    },
}

/// The parameter that sets the page size.
#[derive(Debug, Clone)]
pub struct PageSize {
    /// An index into `Operation::params`.
    pub param: usize,
    /// The parameter's default: the size of a page when the call sets none.
    pub default: Option<i128>,
}

/// One property on the way from a body to a value in it: a field of a struct, and whether
/// that field is there in every value (required, not nullable) or may be absent.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    pub rust_name: String,
    pub api_name: String,
    pub required: bool,
    /// `nullable: true`: `null` is a value distinct from absence.
    pub nullable: bool,
}

impl PageStyle {
    /// The parameter that the client sets itself from page to page (an index into
    /// `Operation::params`): the page number or the cursor.
    pub fn moving_param(&self) -> usize {
        match self {
            PageStyle::Number { page, .. } => *page,
            PageStyle::Cursor { cursor, .. } => *cursor,
        }
    }
}
