//! stub
pub fn country_code(_raw: &str) -> Option<&'static str> {
    None
}
