//! `Filters` of the Get operations (API doc §1.6).

use super::enums::{AndOr, FilterGroup, SearchOperator};
use serde::{Deserialize, Serialize};

/// One filter term. Terms are evaluated left to right, each joined to the previous one by
/// its `and_or` (ignored on the first); `group` opens or closes a parenthesis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    #[serde(rename = "AndOr", default)]
    pub and_or: AndOr,
    #[serde(rename = "Group", default)]
    pub group: FilterGroup,
    #[serde(
        rename = "FieldName",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub field_name: String,
    #[serde(rename = "SearchOperator")]
    pub search_operator: SearchOperator,
    /// Always sent as a string; the server converts it to the field's type.
    #[serde(
        rename = "SearchValue",
        default,
        deserialize_with = "crate::lenient::string"
    )]
    pub search_value: String,
}

impl Filter {
    pub fn new(
        field_name: impl Into<String>,
        search_operator: SearchOperator,
        search_value: impl ToString,
    ) -> Filter {
        Filter {
            and_or: AndOr::And,
            group: FilterGroup::Undefined,
            field_name: field_name.into(),
            search_operator,
            search_value: search_value.to_string(),
        }
    }

    pub fn equals(field_name: impl Into<String>, search_value: impl ToString) -> Filter {
        Filter::new(field_name, SearchOperator::Equals, search_value)
    }

    pub fn not_equals(field_name: impl Into<String>, search_value: impl ToString) -> Filter {
        Filter::new(field_name, SearchOperator::NotEquals, search_value)
    }

    pub fn contains(field_name: impl Into<String>, search_value: impl ToString) -> Filter {
        Filter::new(field_name, SearchOperator::Contains, search_value)
    }

    pub fn greater_than(field_name: impl Into<String>, search_value: impl ToString) -> Filter {
        Filter::new(field_name, SearchOperator::GreaterThan, search_value)
    }

    pub fn less_than(field_name: impl Into<String>, search_value: impl ToString) -> Filter {
        Filter::new(field_name, SearchOperator::LessThan, search_value)
    }

    /// Joins this term to the previous one with `Or`.
    pub fn or(mut self) -> Filter {
        self.and_or = AndOr::Or;
        self
    }

    /// Joins this term to the previous one with `And` (the default).
    pub fn and(mut self) -> Filter {
        self.and_or = AndOr::And;
        self
    }

    /// Opens a parenthesis before this term.
    pub fn start_group(mut self) -> Filter {
        self.group = FilterGroup::StartGroup;
        self
    }

    /// Closes a parenthesis after this term.
    pub fn end_group(mut self) -> Filter {
        self.group = FilterGroup::EndGroup;
        self
    }

    /// `field Equals v1 Or field Equals v2 …` — e.g. stock for a batch of product ids.
    pub fn any_of<V: ToString>(
        field_name: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Vec<Filter> {
        values
            .into_iter()
            .map(|value| Filter::equals(field_name, value).or())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_documented_names() {
        let filter = Filter::equals("ProductSKU", "A-1").or().start_group();
        let json = serde_json::to_value(&filter).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"AndOr":"Or","Group":"StartGroup","FieldName":"ProductSKU","SearchOperator":"Equals","SearchValue":"A-1"})
        );
        let ids = Filter::any_of("productID", [2, 3]);
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[1].search_value, "3");
        assert_eq!(ids[1].and_or, AndOr::Or);
    }

    #[test]
    fn reads_numbers_as_search_values() {
        let f: Filter = serde_json::from_str(
            r#"{"FieldName":"productID","SearchOperator":"Equals","SearchValue":2,"AndOr":"Or"}"#,
        )
        .unwrap();
        assert_eq!(f.search_value, "2");
        assert_eq!(f.group, FilterGroup::Undefined);
    }
}
