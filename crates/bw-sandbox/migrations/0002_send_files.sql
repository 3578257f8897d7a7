-- The encrypted file of a file Send, as uploaded (Direct upload type).
CREATE TABLE send_files (
    send_id  TEXT PRIMARY KEY REFERENCES sends(id) ON DELETE CASCADE,
    file_id  TEXT NOT NULL,
    data     BLOB NOT NULL
);
