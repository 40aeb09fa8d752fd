/**
 * Statement text analysis without a parser: a SQLite-compatible tokenizer, the rewriting of non-deterministic
 * functions before statements enter the Raft log ({@link io.jrqlite.sql.StatementRewriter}), the refused PRAGMAs
 * ({@link io.jrqlite.sql.PragmaGuard}) and cheap statement facts ({@link io.jrqlite.sql.StatementKind}).
 * Pure Java; depends on no other jrqlite package.
 */
package io.jrqlite.sql;
