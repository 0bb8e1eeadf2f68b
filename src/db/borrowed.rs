//! A prepared statement whose parameters borrow the caller's values instead of copying them,
//! for the one statement a bulk load executes ~400 times with ~15,000 values each: the rows
//! of a first load.
//!
//! rusqlite binds every text as `SQLITE_TRANSIENT`, so SQLite copies each string into memory
//! of its own (an allocation and a copy per value, then a free when the next row is bound):
//! a third of the writing thread's work on a first load of DOJ's files (callgrind). Bound as
//! `SQLITE_STATIC`, SQLite reads the caller's bytes in place. That is only sound while the
//! bytes live, so [`BorrowedStatement::execute`] binds, steps, resets and clears the bindings
//! within one call that borrows the values: no binding outlives it.
//!
//! For: [`BorrowedStatement`], used by the reconcile engine's batch insert (`reconcile.rs`).
//! Not for: anything but a write executed many times; use rusqlite's `Statement` elsewhere.

use std::ffi::{c_char, c_int};
use std::marker::PhantomData;
use std::ptr::NonNull;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, ffi};

/// A statement prepared on a connection borrowed for `'c`; finalized on drop.
pub(super) struct BorrowedStatement<'c> {
    db: *mut ffi::sqlite3,
    stmt: NonNull<ffi::sqlite3_stmt>,
    _conn: PhantomData<&'c Connection>,
}

impl<'c> BorrowedStatement<'c> {
    pub(super) fn prepare(conn: &'c Connection, sql: &str) -> rusqlite::Result<Self> {
        let len = c_int::try_from(sql.len())
            .map_err(|_| failure(ffi::SQLITE_TOOBIG, "statement too long".into()))?;
        // SAFETY: the connection is open for 'c (we hold a borrow of it), and rusqlite's
        // connections are used by one thread at a time; `sql` is valid for `len` bytes.
        unsafe {
            let db = conn.handle();
            let mut stmt = std::ptr::null_mut();
            let rc = ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast::<c_char>(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            );
            if rc != ffi::SQLITE_OK {
                ffi::sqlite3_finalize(stmt);
                return Err(error(db, rc));
            }
            let stmt = NonNull::new(stmt)
                .ok_or_else(|| failure(ffi::SQLITE_MISUSE, "empty statement".into()))?;
            Ok(BorrowedStatement {
                db,
                stmt,
                _conn: PhantomData,
            })
        }
    }

    /// Binds `params` to ?1, ?2, ... in order, runs the statement to completion, and leaves
    /// it reset with no bindings: the values are read only during this call.
    pub(super) fn execute<'v>(
        &mut self,
        params: impl IntoIterator<Item = ValueRef<'v>>,
    ) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        let mut outcome = Ok(());
        for (i, v) in params.into_iter().enumerate() {
            if let Err(e) = self.bind(i + 1, v) {
                outcome = Err(e);
                break;
            }
        }
        // SAFETY: the statement is live (finalized only on drop); every pointer bound above
        // borrows a value that outlives this call, and the bindings are cleared before it
        // returns, so SQLite never reads them afterwards.
        unsafe {
            if outcome.is_ok() {
                let rc = loop {
                    match ffi::sqlite3_step(stmt) {
                        ffi::SQLITE_ROW => continue,
                        rc => break rc,
                    }
                };
                if rc != ffi::SQLITE_DONE {
                    outcome = Err(error(self.db, rc));
                }
            }
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
        }
        outcome
    }

    fn bind(&mut self, index: usize, v: ValueRef<'_>) -> rusqlite::Result<()> {
        let stmt = self.stmt.as_ptr();
        let index = c_int::try_from(index)
            .map_err(|_| failure(ffi::SQLITE_RANGE, "too many parameters".into()))?;
        let too_big = || failure(ffi::SQLITE_TOOBIG, "value too big to bind".into());
        // SAFETY: the statement is live; text and blob pointers are valid for their length
        // until `execute` clears the bindings (see there).
        let rc = unsafe {
            match v {
                ValueRef::Null => ffi::sqlite3_bind_null(stmt, index),
                ValueRef::Integer(i) => ffi::sqlite3_bind_int64(stmt, index, i),
                ValueRef::Real(r) => ffi::sqlite3_bind_double(stmt, index, r),
                ValueRef::Text(t) => ffi::sqlite3_bind_text(
                    stmt,
                    index,
                    t.as_ptr().cast::<c_char>(),
                    c_int::try_from(t.len()).map_err(|_| too_big())?,
                    ffi::SQLITE_STATIC(),
                ),
                ValueRef::Blob(b) => ffi::sqlite3_bind_blob(
                    stmt,
                    index,
                    b.as_ptr().cast(),
                    c_int::try_from(b.len()).map_err(|_| too_big())?,
                    ffi::SQLITE_STATIC(),
                ),
            }
        };
        if rc == ffi::SQLITE_OK {
            Ok(())
        } else {
            // SAFETY: the connection outlives self.
            Err(unsafe { error(self.db, rc) })
        }
    }
}

impl Drop for BorrowedStatement<'_> {
    fn drop(&mut self) {
        // SAFETY: prepared by us, finalized exactly once.
        unsafe {
            ffi::sqlite3_finalize(self.stmt.as_ptr());
        }
    }
}

fn failure(code: c_int, message: String) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(code), Some(message))
}

/// The connection's error for `rc`, with SQLite's message.
///
/// # Safety
/// `db` must be an open connection.
unsafe fn error(db: *mut ffi::sqlite3, rc: c_int) -> rusqlite::Error {
    // SAFETY: per the function's contract; sqlite3_errmsg returns a NUL-terminated string.
    let message = unsafe {
        let p = ffi::sqlite3_errmsg(db);
        (!p.is_null()).then(|| std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned())
    };
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_borrowed_values_and_reports_constraint_errors() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BLOB, c REAL)")
            .unwrap();
        let mut st =
            BorrowedStatement::prepare(&conn, "INSERT INTO t VALUES (?, ?, ?, ?)").unwrap();
        for i in 0..3 {
            let text = format!("row {i}");
            let blob = vec![i as u8; 3];
            st.execute([
                ValueRef::Integer(i),
                ValueRef::Text(text.as_bytes()),
                ValueRef::Blob(&blob),
                ValueRef::Real(0.5),
            ])
            .unwrap();
        }
        st.execute([
            ValueRef::Null,
            ValueRef::Null,
            ValueRef::Null,
            ValueRef::Null,
        ])
        .unwrap();
        let rows: Vec<(i64, Option<String>)> = conn
            .prepare("SELECT id, a FROM t ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows[1], (1, Some("row 1".into())));
        assert_eq!(rows[3], (3, None));
        let err = st
            .execute([
                ValueRef::Integer(1),
                ValueRef::Null,
                ValueRef::Null,
                ValueRef::Null,
            ])
            .unwrap_err();
        assert!(err.to_string().contains("UNIQUE"), "{err}");
        // Still usable after an error.
        st.execute([
            ValueRef::Integer(9),
            ValueRef::Null,
            ValueRef::Null,
            ValueRef::Null,
        ])
        .unwrap();
        assert!(BorrowedStatement::prepare(&conn, "INSERT INTO nope VALUES (1)").is_err());
    }
}
