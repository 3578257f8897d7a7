//! The offline snapshot: SQLite through sqlx, embedded migrations, encryption
//! at rest and the queries the views need. No network.
