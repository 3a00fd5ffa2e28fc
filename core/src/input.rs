//! What a command receives from the window: its argument as the DTO, or the VALIDATION error the
//! JSON earned. Tauri answers arguments that do not fit a command's types (an unknown status, a
//! number sent as text) with a plain string naming Rust types; an `Input<T>` argument always
//! deserialises, so the command answers the same `{code, message, fields}` as any bad input.
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::error::{AppError, AppResult};

/// The argument, or the path of the part of its JSON that did not fit. (What did not fit is never
/// kept: it may be someone's password.)
pub struct Input<T>(Result<T, String>);

impl<T> Input<T> {
    /// The argument, or a VALIDATION error on the field that did not fit (`argument`, the
    /// command's argument name as the window sends it, when the whole value was wrong).
    pub fn read(self, argument: &str) -> AppResult<T> {
        self.0.map_err(|path| {
            tracing::info!(argument, path, "an argument did not fit its type");
            let field = if path.is_empty() || path == "?" || path == "." { argument } else { &path };
            AppError::field(field, "This is not a value this field takes.")
        })
    }
}

impl<T> From<T> for Input<T> {
    fn from(value: T) -> Self {
        Self(Ok(value))
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Input<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = serde_json::Value::deserialize(deserializer)?;
        Ok(Self(serde_path_to_error::deserialize(json).map_err(|error| error.path().to_string())))
    }
}

// The window sends a `T`: the bindings show `T` itself.
impl<T: specta::Type> specta::Type for Input<T> {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        T::definition(types)
    }
}
