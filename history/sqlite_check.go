package history

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// isDamage tells SQLite's "this file is damaged" from other errors.
func isDamage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"malformed", "SQLITE_CORRUPT", "SQLITE_NOTADB", "file is not a database"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// damaged is the ErrDamaged for path: what happened and how to keep the data.
func damaged(path, detail string) error {
	return fmt.Errorf("%w: %s (%s). codedesk в него не пишет. Чтобы сохранить данные, скопируйте файл "+
		"и перенесите всё, что читается, в новый: %s", ErrDamaged, path, detail, RepairCommand(path))
}

// RepairCommand is the command line that copies what can be read of the
// damaged history at path into a new file, as a person can run it as
// written: the file named, the new one to be named.
func RepairCommand(path string) string {
	return "codedesk --history " + ShellWord(path) + " history check --repair НОВЫЙ-ФАЙЛ"
}

// ShellWord is s as one word for a POSIX shell: as it is when nothing in
// it is special, else single-quoted.
func ShellWord(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var plainWord = regexp.MustCompile(`^[A-Za-z0-9_./~+:@%,-]+$`)

// quickCheck runs SQLite's quick integrity check on the file, read-only.
// It reads every page once (no index cross-checks): on a million calls it
// takes well under a second, and it runs after the TUI's first frame.
func quickCheck(ctx context.Context, path string) error {
	return integrity(ctx, path, "quick_check")
}

// integrity runs PRAGMA pragma (quick_check or integrity_check) read-only.
func integrity(ctx context.Context, path, pragma string) error {
	db, err := sql.Open("sqlite", sqliteURI(path, readOnlyQuery(path)))
	if err != nil {
		return fmt.Errorf("история %s: %w", path, explained(err))
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma+"(20)")
	if err != nil {
		if isDamage(err) {
			return damaged(path, err.Error())
		}
		return fmt.Errorf("история %s: %w", path, explained(err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return damaged(path, err.Error())
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		if isDamage(err) {
			return damaged(path, err.Error())
		}
		return fmt.Errorf("история %s: %w", path, explained(err))
	}
	if len(problems) > 0 {
		return damaged(path, "проверка целостности: "+strings.Join(problems[:min(len(problems), 3)], "; "))
	}
	return nil
}

// Check runs SQLite's full integrity check on the history file at path,
// read-only. It returns nil for a sound file, an error wrapping ErrDamaged
// for a damaged one, and ErrNotHistory for a file that is not a history.
func Check(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if err := regularOrAbsent(abs); err != nil {
		return err
	}
	defer noteSidecars(abs).tidy()
	if _, err := inspect(abs); err != nil {
		return err
	}
	return integrity(ctx, abs, "integrity_check")
}

// RepairResult says what Repair copied, and what it could not.
type RepairResult struct {
	Copied     int   `json:"copied"`     // calls now in the new file, under their ids
	Unreadable int   `json:"unreadable"` // ids whose reading failed outright (also in Missing)
	LastID     int64 `json:"last_id"`    // the highest id the damaged file had used, as far as it says
	// Missing are the ids up to LastID the copy lacks, in ranges: calls the
	// damage took, and calls deleted before it (a damaged file cannot tell
	// them apart).
	Missing []IDRange `json:"missing"`
}

// IDRange is the ids From..To, both included.
type IDRange struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// Lost is how many ids Missing holds.
func (r RepairResult) Lost() int {
	n := int64(0)
	for _, m := range r.Missing {
		n += m.To - m.From + 1
	}
	return int(n)
}

// Repair copies every call that can be read from the history at src
// (damaged or not, any schema version) into a new history at dst, under
// the same ids; the next new call gets an id above any src used. src is
// only read; dst must not exist yet. The result names every id the copy
// lacks.
func Repair(ctx context.Context, src, dst string) (RepairResult, error) {
	var res RepairResult
	src, err := filepath.Abs(src)
	if err == nil {
		dst, err = filepath.Abs(dst)
	}
	if err != nil {
		return res, err
	}
	if err := regularOrAbsent(src); err != nil {
		return res, err
	}
	if fresh, err := isFresh(dst); err != nil || !fresh {
		return res, fmt.Errorf("история %s: уже есть — назовите новый файл для копии", dst)
	}
	if abs, err := filepath.Abs(src); err == nil {
		defer noteSidecars(abs).tidy()
	}
	in, err := sql.Open("sqlite", sqliteURI(src, readOnlyQuery(src)))
	if err != nil {
		return res, fmt.Errorf("история %s: %w", src, explained(err))
	}
	defer in.Close()
	sel, err := repairSelect(ctx, in)
	if err != nil {
		return res, fmt.Errorf("история %s не читается: %w", src, explained(err))
	}
	out, err := openSQLite(ctx, dst, Options{}.withDefaults(osGetenv))
	if err != nil {
		return res, err
	}
	defer out.Close()
	res.LastID = lastUsedID(ctx, in)
	next := int64(1) // the lowest id not yet accounted for
	err = readBlocks(ctx, in, sel, res.LastID, &res, func(calls []Call) error {
		for _, c := range calls {
			if c.ID > next {
				res.Missing = append(res.Missing, IDRange{next, c.ID - 1})
			}
			next = c.ID + 1
		}
		return out.inTx(ctx, func(tx *sql.Tx) error { return restoreAll(ctx, tx, calls) })
	})
	if err != nil {
		return res, err
	}
	if res.LastID >= next {
		res.Missing = append(res.Missing, IDRange{next, res.LastID})
	}
	// Ids the damaged file used stay used.
	_, err = out.db.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'calls'`, res.LastID)
	return res, err
}

// repairSelect is the SELECT of columns for the schema version of db, with
// defaults for what an older version lacked.
func repairSelect(ctx context.Context, db *sql.DB) (string, error) {
	var version int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return "", err
	}
	cols := columns
	if version < 3 {
		cols = `id, '', at, '', server, module, method, http_method, params, code, message, data, data_cut,
			error_kind, error, duration_ms, replay_of, source, 0, '', '', NULL`
		if version == 2 {
			cols = strings.Replace(cols, "source, 0, ''", "source, starred, note", 1)
		}
	}
	if version < 1 || version > len(migrations) {
		return "", fmt.Errorf("схема версии %d", version)
	}
	return "SELECT " + strings.ReplaceAll(cols, "calls.", "") + " FROM calls WHERE id BETWEEN ? AND ? ORDER BY id", nil
}

// lastUsedID is the highest id db has used, as far as it can still say.
func lastUsedID(ctx context.Context, db *sql.DB) int64 {
	var last int64
	var n sql.NullInt64
	if db.QueryRowContext(ctx, `SELECT max(id) FROM calls`).Scan(&n) == nil && n.Valid {
		last = n.Int64
	}
	if db.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = 'calls'`).Scan(&n) == nil && n.Valid {
		last = max(last, n.Int64)
	}
	return last
}

// repairBlock is how many ids Repair reads at once; a block that fails is
// read again one id at a time.
const repairBlock = 256

// readBlocks reads ids 1..last in blocks (and past last until a long run
// of nothing, when the file cannot say its last id), handing each block's
// calls to keep.
func readBlocks(ctx context.Context, db *sql.DB, sel string, last int64, res *RepairResult, keep func([]Call) error) error {
	empty := 0
	for lo := int64(1); lo <= last || empty < 64; lo += repairBlock {
		hi := lo + repairBlock - 1
		calls, err := scanCalls(db.QueryContext(ctx, sel, lo, hi))
		if err != nil {
			calls = readOneByOne(ctx, db, sel, lo, hi, res)
		}
		if len(calls) == 0 {
			empty++
			continue
		}
		empty = 0
		for i := range calls {
			if calls[i].UID == "" {
				calls[i].UID = newUID()
			}
		}
		res.LastID = max(res.LastID, calls[len(calls)-1].ID)
		if err := keep(calls); err != nil {
			return err
		}
		res.Copied += len(calls)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

func readOneByOne(ctx context.Context, db *sql.DB, sel string, lo, hi int64, res *RepairResult) []Call {
	var out []Call
	for id := lo; id <= hi; id++ {
		calls, err := scanCalls(db.QueryContext(ctx, sel, id, id))
		if err != nil {
			res.Unreadable++
			continue
		}
		out = append(out, calls...)
	}
	return out
}

// restoreAll inserts calls under their own ids, with their search words;
// data an older codedesk cut mid-value becomes valid JSON.
func restoreAll(ctx context.Context, tx *sql.Tx, calls []Call) error {
	for _, c := range calls {
		c.Data = validData(c.Data, c.DataCut)
		if err := keepReplayLink(ctx, tx, &c); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqliteRestore, append([]any{c.ID}, insertValues(c, unixMilli)...)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqliteIndex, c.ID, indexWords(c)); err != nil {
			return err
		}
	}
	return nil
}

// DamagedCalls reads every call of the history at path (read-only, any
// schema version) and returns how many have fields that could not be read
// (Call.Damaged), and their ids in ranges. Run it on a file Check passed:
// a damaged page fails it as it fails Check.
func DamagedCalls(ctx context.Context, path string) (int, []IDRange, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, nil, err
	}
	if err := regularOrAbsent(abs); err != nil {
		return 0, nil, err
	}
	defer noteSidecars(abs).tidy()
	db, err := sql.Open("sqlite", sqliteURI(abs, readOnlyQuery(abs)))
	if err != nil {
		return 0, nil, fmt.Errorf("история %s: %w", path, explained(err))
	}
	defer db.Close()
	sel, err := repairSelect(ctx, db)
	if err != nil {
		return 0, nil, fmt.Errorf("история %s не читается: %w", path, explained(err))
	}
	var ids []int64
	last := lastUsedID(ctx, db)
	for lo := int64(1); lo <= last; lo += repairBlock {
		calls, err := scanCalls(db.QueryContext(ctx, sel, lo, lo+repairBlock-1))
		if err != nil {
			return 0, nil, fmt.Errorf("история %s: %w", path, explained(err))
		}
		for _, c := range calls {
			if len(c.Damaged) > 0 {
				ids = append(ids, c.ID)
			}
		}
	}
	return len(ids), rangesOf(ids), nil
}

// rangesOf groups ascending ids into runs.
func rangesOf(ids []int64) []IDRange {
	var out []IDRange
	for _, id := range ids {
		if n := len(out); n > 0 && out[n-1].To+1 == id {
			out[n-1].To = id
			continue
		}
		out = append(out, IDRange{id, id})
	}
	return out
}
