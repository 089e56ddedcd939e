"""Secret answers: a roll apart from a box. One mechanism for the focus-area ballot and for surveys.

A secret answer is written as two unrelated things in one transaction:

- the **roll**: who has answered in a round, and on which day (a date, never a time).
  Its primary key (round, person) is the one-answer-per-person rule; the database
  enforces it under concurrency, so a second answer fails inside the transaction
  that tries to write it;
- the **box**: what was answered, under a random 128-bit id, with the round and the
  respondent's campus as the only attributes, and child rows (ballot choices,
  survey answers) keyed by that id. No person, no timestamp, no sequence.

On SQLite the roll, box and child tables are WITHOUT ROWID, so rows are stored in
primary-key order (random for the box) and no hidden rowid keeps insertion order.

What remains is PostgreSQL's physical storage: heap rows lie roughly in insertion
order, and each carries the id of the transaction that wrote it (`xmin`). A roll
row and the box row written with it share a transaction (the roll row's xmin is
the box row's + 1: it is written in a savepoint), so someone reading the database
directly could line them up. `reseal()` closes that: it rewrites every box row of
a round (and its children) with fresh random ids, in random order, and rewrites the
round's roll rows in random order too, all in one transaction. Afterwards every row
of the round carries the reseal's xmin and no storage order follows the answering
order. `flask portal reseal`, run from cron every RESEAL_MINUTES, reseals every open
round that has new entries and then VACUUMs the tables, so the dead row versions
that still held the old ids and xmins are removed; the final seal at the close does
the same once more. What is left — the answers since the last reseal, the
write-ahead log and backups — is stated on the privacy page.

A domain describes its tables once with a `SecretBox` and calls `secret_cast()` to
write and `reseal()` to rewrite; `register_box()` puts it on the cron's list.
"""

from portal.secrecy.box import (
    AlreadyOnRoll,
    SecretBox,
    new_box_id,
    register_box,
    registered_boxes,
    reseal,
    reseal_open_rounds,
    roll_day,
    secret_cast,
    vacuum_boxes,
)

__all__ = [
    "AlreadyOnRoll",
    "SecretBox",
    "new_box_id",
    "register_box",
    "registered_boxes",
    "reseal",
    "reseal_open_rounds",
    "roll_day",
    "secret_cast",
    "vacuum_boxes",
]
