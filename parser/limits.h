/*
 * limits.h - every hard limit of tlsexplain, in one place.
 *
 * A limit that is hit is never silent: the analysis counts it and the
 * report says so ("3 lines over 1 MiB were truncated").  Raising a limit
 * trades memory for completeness; all of them together keep one analysis
 * under a few MiB whatever the size of the log.
 */
#ifndef TX_LIMITS_H
#define TX_LIMITS_H

/* Reader: the longest line kept; the rest of a longer line is skipped and
 * counted (the line itself is still tokenized from its first bytes). */
#define TX_MAX_LINE              (1u << 20)   /* 1 MiB */
/* ... the bytes past a rewritten line's end (a web page's marks undone,
 * widened blanks narrowed) kept initialised: the literal scanner loads whole
 * vectors past a line's end, inside the buffer (what it finds there is not used) */
#define TX_LINE_PAD              64u

/* Reader: the first lines of the first bytes fed (at most this many, in at
 * most this many bytes) tell whether a paste broke every long line at one
 * width (a console's or a mail's); such lines are joined again. */
#define TX_WRAP_SNIFF_LINES      256u
#define TX_WRAP_SNIFF_BYTES      (64u << 10)  /* 64 KiB */
/* ... widths considered, and the longest line a join makes */
#define TX_WRAP_MIN_WIDTH        40u
#define TX_WRAP_MAX_WIDTH        400u
#define TX_WRAP_MAX_JOIN         (64u << 10)
/* ... a line broken after a blank ("fold -s", mail) is at most this many
 * columns narrower than the width */
#define TX_WRAP_SOFT_SLACK       25u
/* a paste this short (non-empty lines) with one line of a usual width broken
 * inside a word is believed wrapped (its one long line was the one broken) */
#define TX_WRAP_ONE_BREAK_LINES  40u
/* A short paste broken after a blank once or twice (parser.c learn_wrap's
 * "fit" rule) is believed when no line is wider than this: the widths mail
 * programs and consoles break at (72-80) */
#define TX_WRAP_MAIL_WIDTH       80u

/* Evidence: the longest line text quoted in a report.  Longer lines are
 * cut at this many bytes and marked as cut. */
#define TX_MAX_EVIDENCE_LINE     2048u

/* Evidence lines cited per finding. */
#define TX_MAX_EVIDENCE          8u

/* The HTML report's log context (analysis/logctx.c, report/html.c): the log
 * lines shown before and after each evidence line, read again from the log
 * (tx_analysis_feed_context), each cut to so many bytes; the evidence lines
 * given context at most per log (the first in line order). */
#define TX_HTML_CONTEXT_LINES    3u
#define TX_HTML_CONTEXT_BYTES    320u
#define TX_HTML_CONTEXT_EVIDENCE 512u
/* ... an input that cannot be read again (stdin, a pipe) is copied to a
 * temporary file for it (cli/main.c) up to this many bytes; past it, the
 * report says the lines around the evidence are not available. */
#define TX_HTML_CONTEXT_SPOOL    (1ull << 30)

/* Connections whose events are held at the same time (interleaved threads).
 * When more are open, the least recently active one is closed early. */
#define TX_MAX_LIVE_CONNS        256u

/* ... and the bytes they may hold together: past it, the least recently
 * active connections are closed early too. */
#define TX_MAX_LIVE_BYTES        (2u << 20)

/* A connection silent for this many lines is closed (its thread moved on). */
#define TX_CONN_IDLE_LINES       50000u

/* Connections kept in full after they are closed (for compare and the
 * timeline); later connections are evaluated, then dropped. */
#define TX_MAX_KEPT_CONNS        64u
#define TX_MAX_KEPT_BYTES        (4u << 20)

/* Events held per connection; later events of that connection are counted
 * and dropped (a connection of a healthy log has well under 100). */
#define TX_MAX_EVENTS_PER_CONN   2048u

/* ... and the bytes they may take (events, their fields, the lines they
 * cite). */
#define TX_MAX_CONN_BYTES        (1u << 20)

/* Of both, this much is kept for the events that carry the failure (alerts
 * and exceptions): a connection filled by a huge certificate chain or by
 * line matches still files the alert and the exception that end it, so the
 * verdict survives every per-connection limit. */
#define TX_FAILURE_RESERVE_EVENTS 64u
#define TX_FAILURE_RESERVE_BYTES  (256u << 10)

/* Log-wide events (truststore, keystore, configuration, listed trusted
 * certificates) held at once. */
#define TX_MAX_GLOBAL_EVENTS     8192u

/* Fields per event and bytes per field value. */
#define TX_MAX_FIELDS            1024u
#define TX_MAX_FIELD_VALUE       4096u

/* Entries in one list field (SANs, offered cipher suites, causes). */
#define TX_MAX_LIST_ITEMS        512u

/* Thread-name bytes kept. */
#define TX_MAX_THREAD_NAME       256u

/* Rules: rules per ruleset, conditions per rule, rule file size. */
#define TX_MAX_RULES             16384u
#define TX_MAX_CONDS_PER_RULE    256u
#define TX_MAX_RULE_FILE         (8u << 20)

/* Rule files (rules/yaml_load.c, conditions.c, rulefile.c, diag.c): nesting
 * of YAML collections and YAML values per file (checked by a pre-scan before
 * the document is built, so it stays small), nesting of conditions, the
 * characters of a rule id, and the errors reported per file. */
#define TX_MAX_YAML_DEPTH        256u
#define TX_MAX_YAML_NODES        (1u << 18)
#define TX_MAX_COND_DEPTH        64u
#define TX_MAX_RULE_ID           64u
#define TX_MAX_RULE_ERRORS       100u

/* Prefilter literals kept per rule pattern: one per top-level alternative
 * (or per alternative of its one required group); a pattern with more
 * alternatives than this gets no literals and its regex runs everywhere. */
#define TX_MAX_PATTERN_LITERALS  32u
/* ... but a field test's pattern that has none within that bound keeps up
 * to this many (its regex ran on every value the test reads: the shipped
 * rules have tests of 40 - 70 alternatives, each a literal).  Their
 * presence bits fold into a test's 32 (literal k: bit k % 32). */
#define TX_MAX_TEST_LITERALS     128u
/* ... and the literals joined across a pattern's groups and small classes
 * (rules/pattern.c, exact sets): at most this many strings of at most this
 * many bytes in a run, classes of at most this many bytes (no range). */
#define TX_MAX_RUN_STRINGS       16u
#define TX_MAX_RUN_STRING_LEN    64u
#define TX_MAX_RUN_CLASS         4u
/* Atoms (tests, line patterns) of the clause that selects a rule needing no
 * test for evaluation (rules/ruleset.c clause_of); a rule with more is
 * always evaluated. */
#define TX_MAX_RULE_CLAUSE       16u

/* Distinct findings per analysis. */
#define TX_MAX_FINDINGS          512u

/* PCRE2 limits for every rule pattern (user input must not hang us). */
#define TX_PCRE2_MATCH_LIMIT     100000u
#define TX_PCRE2_DEPTH_LIMIT     2000u
#define TX_PCRE2_HEAP_LIMIT_KIB  4096u
/* The part of a line or field handed to a rule pattern. */
#define TX_MAX_MATCH_SUBJECT     8192u

/* The run-wide regex budget (rules/eval.h).  The limits above bound one
 * search; these bound a whole analysis, counted in PCRE2 work units so the
 * same input gives the same result on any machine.  A search stopped by a
 * PCRE2 limit charges TX_PCRE2_MATCH_LIMIT units (at least that much work
 * was done) to its rule and to the run.  A rule whose searches were stopped
 * TX_REGEX_RULE_STOPS times is switched off for the rest of the analysis
 * (its patterns no longer run, it no longer fires); once the run has spent
 * TX_REGEX_BUDGET_UNITS, a rule is switched off at its next stopped search.
 * Worst case: TX_REGEX_BUDGET_UNITS + one stopped search per rule. */
#define TX_REGEX_RULE_STOPS      16u
#define TX_REGEX_BUDGET_UNITS    (256ull * TX_PCRE2_MATCH_LIMIT)

/* ... and a time backstop for what the budget cannot see: PCRE2 counts its
 * match limit per start position, so a search that is never stopped can
 * still cost many match limits (milliseconds).  A search that was not
 * stopped yet took over TX_REGEX_SLOW_US of CPU time is "slow"; a rule whose
 * slow searches took TX_REGEX_RULE_SLOW_MS in all is switched off, and once
 * the run's slow searches took TX_REGEX_RUN_SLOW_MS, a rule is switched off
 * at its next slow search.  Reported apart, as it depends on the machine; a
 * sane pattern makes no slow search (the tests check the rulebook). */
#define TX_REGEX_SLOW_US         50u
#define TX_REGEX_RULE_SLOW_MS    500u
#define TX_REGEX_RUN_SLOW_MS     1000u

/* `rules check`: a pattern is tried on short synthetic lines (runs of one
 * character it names, then a byte it cannot expect) of this many bytes; a
 * search stopped by the PCRE2 limits earns a "catastrophic backtracking"
 * warning. */
#define TX_REGEX_PROBE_SUBJECT   48u

/* Facts the whole log proves, for connections that do not state them
 * (rules/analysis.c): distinct server targets (host and port of a URL, a
 * "Connecting to" line, a connection event) remembered, and the bytes of a
 * host name, a port and a store path taken from the log. */
#define TX_MAX_SEEN_TARGETS      8u
#define TX_MAX_SEEN_HOST         256u
#define TX_MAX_SEEN_PATH         512u

/* The connection summary (analysis/conns.c): distinct failures kept with a
 * count (the others are counted, not described), the bytes of a failure's
 * text kept for its fingerprint and the report, and how far (in lines)
 * after the start of one failure's stack trace a thread-less trace may
 * begin and still be a fragment of it (its "Caused by:" chain cut by
 * "... 42 more" or other lines). */
#define TX_MAX_FAILURE_GROUPS    16u
#define TX_MAX_FAILURE_TEXT      200u
#define TX_FRAGMENT_GAP_LINES    400u
/* a text report without a cause shows the failures it read, at most this many */
#define TX_UNKNOWN_FAILURES_SHOWN 3u
/* failure messages printed without their class (one line each) that a
 * connection of the summary sets aside as belonging to the attempt next to
 * it (analysis/conns.c); more of them in one connection count as its own */
#define TX_MAX_BARE_LINES        8u

/* Bytes of one "what to capture next" step of a report (report/explain.c). */
#define TX_MAX_NEXT_STEP         1024u
/* A profile's install directory (its `home` variable) longer than this is not used. */
#define TX_MAX_PROFILE_HOME      511u

/* Template expansion: bytes of one explanation or remediation step. */
#define TX_MAX_TEMPLATE_OUT      4096u

/* capture: the longest URL (bytes), host name, password (bytes of
 * --storepass-file, --keystore-password-file, --proxy-auth-file or their
 * environment variables), and --timeout (seconds); the longest
 * --keystore-type name; what the probe reads of one clear-text line of a
 * STARTTLS exchange or a proxy's answer (bytes, Java side: TlsProbe.java). */
#define TX_MAX_CAPTURE_URL       4096u
#define TX_MAX_CAPTURE_HOST      255u
#define TX_MAX_STOREPASS         1024u
#define TX_MAX_CAPTURE_TIMEOUT   3600
#define TX_MAX_KEYSTORE_TYPE     32u
#define TX_MAX_PROBE_LINE        8192u
/* --redact: the longest name learned (host, subject, attribute value);
 * matching looks at most this far ahead of a position. */
#define TX_MAX_REDACT_NAME       1024u

/* Compressed inputs (cli/decompress.c): bytes of compressed input read at
 * a time; the largest zstd window (log2 bytes; zstd's own default limit, so
 * only --long/--ultra data above it is refused) and liblzma memory (bytes;
 * xz -9 needs 65 MiB) accepted.  The decoders' memory is bounded by these,
 * whatever the size of the input. */
#define TX_Z_INBUF               (64u * 1024u)
#define TX_ZSTD_WINDOW_LOG_MAX   27
#define TX_XZ_MEMLIMIT           (80ull << 20)

/* scan: the probe's output kept (bytes; the rest is dropped, with a note),
 * the facts read from it (nodes of the result tree), a fact's path depth,
 * the default --timeout (seconds) and the probe's per-handshake read
 * timeout (ms). */
#define TX_MAX_SCAN_OUTPUT       (4u << 20)
#define TX_MAX_SCAN_NODES        8192u
#define TX_MAX_SCAN_DEPTH        8u
#define TX_SCAN_DEFAULT_TIMEOUT  60
#define TX_SCAN_HANDSHAKE_MS     5000

/* Several inputs (cli/main.c): -j/--jobs at most (the default is the number
 * of online cores, capped here); reports a worker may finish ahead of the
 * one being written, per worker (each is held in memory until its turn;
 * `events` spools its dumps to temporary files); --recursive descends at
 * most this many directories deep and gathers at most this many files. */
#define TX_MAX_JOBS              64
#define TX_JOBS_AHEAD            4
#define TX_MAX_WALK_DEPTH        64
#define TX_MAX_WALK_FILES        (1u << 20)

/* Arena budgets: the events under construction (the scratch arena), the
 * log-wide events of one epoch (trust stores, key stores, settings), and
 * the events no connection claimed.  Past a budget an event is dropped and
 * counted, as for a connection past TX_MAX_CONN_BYTES. */
#define TX_MAX_SCRATCH_BYTES     (8u << 20)
#define TX_MAX_GLOBAL_BYTES      (4u << 20)
#define TX_MAX_ORPHAN_BYTES      (1u << 20)

/* The texts of one log the prefilter scans at once (the analysis's blob);
 * past it the prefilter is given up for that scan and every rule is tried. */
#define TX_MAX_PREFILTER_BLOB    (8u << 20)

/* The field values of one log whose literals the per-connection scan has
 * found (analysis.c: a value met again in a later connection is not
 * scanned again - "received", a cipher suite, a host): values, the bytes
 * of one value and of all, the literals kept for all.  Past them a value
 * is scanned each time, as before. */
#define TX_MAX_VALCACHE_ENTRIES  4096u
#define TX_MAX_VALCACHE_TEXT     4096u
#define TX_MAX_VALCACHE_BYTES    (512u << 10)
#define TX_MAX_VALCACHE_REPORTS  (16u << 10)

/* The texts met again whose literal scan is kept (rules/prefilter.c
 * txr_scancache: the keytool listings lent to every input of a run, the
 * facts each connection copies from log-wide events): entries, the bytes
 * of one text (at least, at most) and of all, the reports of one scan. */
#define TXR_SCANCACHE_ENTRIES    256u
#define TXR_SCANCACHE_MIN        32u
#define TXR_SCANCACHE_TEXT       (64u << 10)
#define TXR_SCANCACHE_BYTES      (1u << 20)
#define TXR_SCANCACHE_REPORTS    4096u

/* The regex results kept for texts met again (rules/rxcache.c: the keytool
 * listings lent to every input of a run, the facts each connection copies
 * from log-wide events), shared by the analyses of a run: slots (a power of
 * two; a newer entry replaces the one in its slot), the bytes of one subject
 * (at least, at most), the bytes kept in all (subjects and captures; past
 * it slots are emptied in turn), the captures kept per result.  Only a
 * search measured well under TX_REGEX_SLOW_US is kept (TXR_RXCACHE_FAST_US:
 * a search timed on the coarse clock measures 0 or a tick), never one
 * stopped by a PCRE2 limit. */
#define TXR_RXCACHE_SLOTS        4096u
#define TXR_RXCACHE_MIN          4u
#define TXR_RXCACHE_TEXT         TX_MAX_FIELD_VALUE
#define TXR_RXCACHE_BYTES        (1u << 20)
#define TXR_RXCACHE_CAPS         16u
#define TXR_RXCACHE_FAST_US      (TX_REGEX_SLOW_US / 5u)

/* The app dialect (parser/dialect_app.c): causes kept per stack trace (a
 * list field, with room for the trace's other fields), continuation lines
 * of a message per trace, suppressed exceptions (and their causes) kept per
 * trace, bytes of an app-log prefix repeated on trace lines, and the
 * longest class name looked at. */
#define TX_APP_MAX_CAUSES        (TX_MAX_LIST_ITEMS < TX_MAX_FIELDS - 16u ? TX_MAX_LIST_ITEMS : TX_MAX_FIELDS - 16u)
#define TX_APP_MAX_CONT          8u
/* A message line at least this long (with its prefix) may have been broken
 * at a word by a paste's or a console's width: the next line that reads as
 * text, and whose first word would not have fitted, continues it
 * (dialect_app.c wrapped_rest). */
#define TX_APP_WRAP_MIN          40u
/* ... unless it starts with the same bytes as the line before (one more
 * record of the same kind, not the rest of a message) */
#define TX_APP_WRAP_SAME         8u
#define TX_APP_MAX_SUPPRESSED    8u
#define TX_APP_MAX_PREFIX        160u
#define TX_APP_MAX_TOKEN         256u
/* The frames of a trace kept as its "frames" field (Class.method names): the
 * first ones of each chain member, this many bytes in all; "thrown" (where
 * the innermost cause was thrown) is at most TX_APP_MAX_THROWN bytes. */
#define TX_APP_FRAMES_PER_MEMBER 6u
#define TX_APP_MAX_FRAMES_TEXT   1024u
#define TX_APP_MAX_THROWN        256u

/* The legacy dialect (parser/dialect_legacy.c): events waiting for their
 * thread, and the lines one may wait; SSLEngine helper threads remembered;
 * lines a local fatal alert waits for its exception; lines of one
 * certificate printout. */
#define TX_LEGACY_MAX_PENDING    32
#define TX_LEGACY_PENDING_LINES  256u
#define TX_LEGACY_MAX_ALIASES    8
#define TX_LEGACY_HOLD_LINES     6u
#define TX_LEGACY_MAX_CERT_LINES 4000u

/* Rule evaluation (rules/eval.h): lines and events one binding cites, and
 * the variables it holds. */
#define TX_MAX_BIND_LINES        16
#define TX_MAX_RULE_VARS         96

/* The prefilter (rules/prefilter.c): states of one built-in Aho-Corasick
 * literal set (~17 bytes each, at most one per literal byte: the shipped
 * rulebook's largest set has ~60,000, ten times its rules no more; a larger
 * set is refused: txr_litset_new fails, no prefilter, every pattern and test
 * runs), the shallowest of them given a dense row of 256 transitions (1 KiB
 * each: the rest follow sorted edges and failure links), and the literal
 * matches queued per scan (past it the rest of the chunk is a candidate for
 * every matcher: slower, never wrong). */
#define TX_MAX_AC_STATES         (1u << 21)
#define TX_AC_DENSE_STATES       256u
#define TX_PREFILTER_QUEUE       65536u

/* The connection summary (analysis/conns.c): links of an exception's
 * chain hashed, bytes of its normalised "class: message", and the lines
 * announcing a cause printed apart (a ring). */
#define TX_MAX_FAILURE_LINKS     8
#define TX_MAX_FAILURE_HEAD      400
#define TX_MAX_ANNOUNCE_LINES    32

/* The report model (analysis/model.h): "what to capture next" steps (of
 * TX_MAX_NEXT_STEP bytes each), and the notes of limits hit while reading
 * (bytes each). */
#define TX_MAX_NEXT_STEPS        4
#define TX_MAX_LIMIT_NOTES       12
#define TX_MAX_LIMIT_NOTE        160

/* Writers: list items shown per field in the events text (report/events.c);
 * the HTML report's ladder rungs per connection, certificates per chain and
 * ladders per page (report/html.c); bytes of one compare fact value
 * (compare/facts.c); steps aligned per connection (and per setup block) by
 * compare and timeline - a handshake has a few dozen; steps past this cap
 * are left out of the alignment and the report says how many. */
#define TX_MAX_EVENTS_TEXT_LIST  6
#define TX_MAX_HTML_RUNGS        400
#define TX_MAX_HTML_CHAIN        16
#define TX_MAX_HTML_LADDERS      24
#define TX_MAX_FACT_VALUE        1024
#define TX_MAX_ALIGN_STEPS       512u

/* Context inputs (cli/evidence.c): tool outputs lent as context to the
 * other inputs, and the bytes sniffed of each input to tell. */
#define TX_MAX_CONTEXT_INPUTS    16
#define TX_CONTEXT_SNIFF_BYTES   (64u * 1024u)
/* the keywords of one of the application dialect's fixed keyword sets (its TLS words,
 * its failure texts: parser/dialect_app.c) */
#define TX_MAX_KEYWORDS          512
/* compare of two saved scans: the differing facts listed (the rest counted) */
#define TX_MAX_SCAN_DIFF_ROWS    300

/* Frames stripped from one line at most (compose around syslog around ...). */
#define TXI_MAX_FRAMES           4
/* A terminal control sequence stripped from a line (an OSC title or link, a
 * colour code drawn as a Windows console shows it): longer ones stay as read. */
#define TXI_MAX_ESC_SEQ          256

#endif
