package history

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codedesk/history/historytest/netproxy"
	"codedesk/history/historytest/pgtest"
)

// The team store: its password, a server that is away or slow, pushes,
// live changes, migrations and the rights it needs.

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"postgres://ops:S3cret-pw@db.example:5432/codedesk?sslmode=verify-full": "postgres://ops:xxxxx@db.example:5432/codedesk?sslmode=verify-full",
		"postgresql://ops@db.example/codedesk":                                  "postgresql://ops@db.example/codedesk",
		"postgres://db.example/codedesk?user=ops&password=S3cret-pw":            "postgres://db.example/codedesk?password=xxxxx&user=ops",
		"postgres://ops:S3cret%40pw@db.example/codedesk":                        "postgres://ops:xxxxx@db.example/codedesk",
		"/home/ops/.local/state/codedesk/history.db":                            "/home/ops/.local/state/codedesk/history.db",
		"postgres://ops:S3cret-pw@db.example:notaport/x":                        "postgres://ops:xxxxx@db.example:notaport/x",
	}
	for in, want := range cases {
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestThePasswordNeverShows(t *testing.T) {
	const pw = "Tr0ub4dor-and-3"
	closed := netproxy.ClosedPort(t)
	check := func(t *testing.T, what, text string) {
		t.Helper()
		for _, form := range []string{pw, url.QueryEscape(pw)} {
			if strings.Contains(text, form) {
				t.Errorf("%s shows the password: %s", what, text)
			}
		}
	}
	for _, where := range []string{
		"postgres://ops:" + pw + "@" + closed + "/codedesk?sslmode=disable",
		"postgres://" + closed + "/codedesk?sslmode=disable&user=ops&password=" + pw,
		"postgres://ops:" + pw + "@" + closed + ":bad/codedesk", // not even a URL pgx reads
	} {
		s, err := Open(ctx, where, Options{Fallback: filepath.Join(t.TempDir(), "p.db"), RecordTimeout: time.Second, Timeout: time.Second})
		if err != nil {
			check(t, "Open", err.Error())
			continue
		}
		check(t, "Where", s.Where())
		_, err = s.Record(ctx, sampleCall(0, ""), "")
		if !errors.Is(err, ErrKeptLocally) {
			t.Errorf("a call with the server away: %v", err)
		}
		check(t, "Record", err.Error())
		_, err = s.List(ctx, Filter{})
		check(t, "List", err.Error())
		_, err = s.Watch(ctx)
		check(t, "Watch", err.Error())
		_, err = s.PushFrom(ctx, filepath.Join(t.TempDir(), "none.db"))
		if err != nil {
			check(t, "PushFrom", err.Error())
		}
		s.Close()
	}
	// From PGPASSWORD: pgx reads it; it never shows either.
	t.Setenv("PGPASSWORD", pw)
	s, err := Open(ctx, "postgres://ops@"+closed+"/codedesk?sslmode=disable", Options{Fallback: filepath.Join(t.TempDir(), "p.db"), Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Count(ctx)
	if err == nil {
		t.Fatal("counting on a closed port succeeded")
	}
	check(t, "Count with PGPASSWORD", err.Error())
}

func TestAServerThatHangsNeverHoldsACall(t *testing.T) {
	where := freshSchema(t)
	p := netproxy.For(t, where)
	fallback := filepath.Join(t.TempDir(), "pending.db")
	s := openAt(t, p.Via(t, where), Options{Agent: "aigerim", Fallback: fallback, RecordTimeout: 500 * time.Millisecond, Timeout: time.Second})
	p.Set(netproxy.Hang)
	start := time.Now()
	id, err := s.Record(ctx, sampleCall(0, "первый"), "")
	if id != 0 || !errors.Is(err, ErrKeptLocally) || !strings.Contains(err.Error(), fallback) {
		t.Fatalf("the first call with the server hanging: %d, %v", id, err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("the call waited %v for a hanging server", waited)
	}
	// Told once; and the next call does not wait for the server again.
	start = time.Now()
	if id, err := s.Record(ctx, sampleCall(0, "второй"), ""); id != 0 || err != nil {
		t.Errorf("the second call: %d, %v", id, err)
	}
	if waited := time.Since(start); waited >= 500*time.Millisecond {
		t.Errorf("the second call waited %v", waited)
	}
	if n, _ := openAt(t, fallback, Options{}).Count(ctx); n != 2 {
		t.Errorf("%d calls kept locally, want 2", n)
	}
	if _, err := s.Push(ctx); err == nil {
		t.Error("a push to a hanging server succeeded")
	}
	p.Set(netproxy.Forward)
	res, err := s.Push(ctx)
	if err != nil || res.Sent != 2 {
		t.Fatalf("push with the server back: %+v %v", res, err)
	}
	if res, err := s.Push(ctx); err != nil || res.Sent != 0 || res.Skipped != 0 {
		t.Errorf("a second push: %+v %v", res, err)
	}
	direct := openAt(t, where, Options{})
	got := list(t, direct, Filter{})
	if len(got) != 2 || got[0].Message != "второй" || got[0].Agent != "aigerim" {
		t.Errorf("on the server: %+v", got)
	}
}

func TestKeptCallsGoOutWithTheNextCallThatGetsThrough(t *testing.T) {
	where := freshSchema(t)
	p := netproxy.For(t, where)
	s := openAt(t, p.Via(t, where), Options{RecordTimeout: 2 * time.Second})
	p.Set(netproxy.Refuse)
	if _, err := s.Record(ctx, sampleCall(0, "пока сервера нет"), ""); !errors.Is(err, ErrKeptLocally) {
		t.Fatalf("with the server refusing: %v", err)
	}
	p.Set(netproxy.Forward)
	if id := record(t, s, sampleCall(0, "сервер вернулся"), ""); id == 0 {
		t.Fatal("the call that got through has no id")
	}
	direct := openAt(t, where, Options{})
	deadline := time.Now().Add(10 * time.Second)
	for {
		n, err := direct.Count(ctx)
		if err == nil && n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the kept call was not pushed: %d calls on the server, %v", n, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestTwoPushesOfOneFileSendEachCallOnce(t *testing.T) {
	where := freshSchema(t)
	fallback := filepath.Join(t.TempDir(), "pending.db")
	local := openAt(t, fallback, Options{})
	var calls []Call
	for i := 0; i < 1200; i++ {
		calls = append(calls, sampleCall(i%5, "kept"))
	}
	if _, err := local.RecordBatch(ctx, calls, ""); err != nil {
		t.Fatal(err)
	}
	a := openAt(t, where, Options{Fallback: fallback})
	b := openAt(t, where, Options{Fallback: fallback})
	var wg sync.WaitGroup
	for _, s := range []Store{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Push(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n, _ := a.Count(ctx); n != 1200 {
		t.Errorf("%d calls on the server, want 1200", n)
	}
	if n, _ := local.Count(ctx); n != 0 {
		t.Errorf("%d calls left in the local file", n)
	}
}

func TestWatchDeliversAColleaguesChangesWithinASecond(t *testing.T) {
	where := freshSchema(t)
	aigerim := openAt(t, where, Options{Agent: "aigerim"})
	timur := openAt(t, where, Options{Agent: "timur"})
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	changes, err := timur.Watch(wctx)
	if err != nil {
		t.Fatal(err)
	}
	record(t, timur, sampleCall(0, "мой собственный"), "") // not delivered to its own store
	// Each change by aigerim arrives, saying it was hers, within a second.
	expect := func(kind ChangeKind, do func() int64) int64 {
		t.Helper()
		start := time.Now()
		id := do()
		select {
		case c := <-changes:
			if c.Kind != kind || c.ID != id || c.Agent != "aigerim" {
				t.Errorf("got %+v, want %s of %d by aigerim", c, kind, id)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("%s arrived after %v", kind, d)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s change within 5 s", kind)
		}
		return id
	}
	id := expect(ChangeCall, func() int64 { return record(t, aigerim, sampleCall(13, "другой сервер"), "") })
	expect(ChangeStar, func() int64 { must(t, aigerim.Star(ctx, id, true)); return id })
	expect(ChangeNote, func() int64 { must(t, aigerim.SetNote(ctx, id, "помог uz", "")); return id })
	deleted := Call{}
	expect(ChangeDelete, func() int64 {
		var err error
		deleted, err = aigerim.Delete(ctx, id)
		must(t, err)
		return id
	})
	expect(ChangeCall, func() int64 { must(t, aigerim.Restore(ctx, deleted)); return id })
	stop()
	for range changes {
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPGMigrationsFromEmptyAndFromEveryVersion(t *testing.T) {
	for version := 0; version < PGSchemaVersion; version++ {
		where := freshSchema(t)
		old, err := openPostgres(ctx, where, Options{}.withDefaults(osGetenv))
		if err != nil {
			t.Fatal(err)
		}
		if err := old.migrate(ctx, version); err != nil {
			t.Fatal(err)
		}
		if version == 1 { // a call as version 1 indexed it: the number whole
			_, err := old.pool.Exec(ctx, `INSERT INTO calls (uid, at, server, module, method, http_method, params, search)
				VALUES ('v1-call', now(), 'api.mobizon.kz', 'message', 'sendSmsMessage', 'POST',
				'[{"key":"recipient","value":"77001230403"}]', to_tsvector('english', '77001230403'))`)
			must(t, err)
		}
		old.Close()
		s := openAt(t, where, Options{})
		if version == 1 {
			if got := list(t, s, Filter{Query: "0403"}); len(got) != 1 || got[0].UID != "v1-call" {
				t.Errorf("from version 1 a number's last digits find the old call: %v", ids(got))
			}
		}
		id := record(t, s, sampleCall(30, "частые"), "")
		if got := list(t, s, Filter{Query: "лимит"}); len(got) != 1 || got[0].ID != id {
			t.Errorf("from version %d: %v", version, ids(got))
		}
		var v int
		if err := s.(*pgStore).pool.QueryRow(ctx, `SELECT version FROM codedesk_schema`).Scan(&v); err != nil || v != PGSchemaVersion {
			t.Errorf("from version %d: now %d, %v", version, v, err)
		}
	}
}

func TestPGRefusesWhatItDoesNotKnow(t *testing.T) {
	// A newer schema: this codedesk says to update itself.
	newer := freshSchema(t)
	record(t, openAt(t, newer, Options{}), sampleCall(0, ""), "")
	pgtest.Exec(t, newer, `UPDATE codedesk_schema SET version = 99`)
	if _, err := openAt(t, newer, Options{}).List(ctx, Filter{}); err == nil || !strings.Contains(err.Error(), "обновите codedesk") {
		t.Errorf("a newer schema: %v", err)
	}
	// Someone else's calls table: left alone.
	other := freshSchema(t)
	pgtest.Exec(t, other, `CREATE TABLE calls (invoice int)`, `INSERT INTO calls VALUES (7)`)
	_, err := openAt(t, other, Options{}).Record(ctx, sampleCall(0, ""), "")
	if !errors.Is(err, ErrKeptLocally) { // the call itself is kept
		t.Errorf("recording next to a foreign table: %v", err)
	}
	_, err = openAt(t, other, Options{}).List(ctx, Filter{})
	if !errors.Is(err, ErrNotHistory) {
		t.Errorf("listing next to a foreign table: %v", err)
	}
	var n int
	conn := openAt(t, other, Options{}).(*pgStore).pool
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM calls WHERE invoice = 7`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the foreign table changed: %d %v", n, err)
	}
	// Only reading: an empty database is not set up.
	empty := freshSchema(t)
	if _, err := openAt(t, empty, Options{ReadOnly: true}).List(ctx, Filter{}); err == nil {
		t.Error("a read-only store created the schema")
	}
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = $1`,
		strings.TrimPrefix(mustQuery(t, empty, "search_path"), "")).Scan(&n); err != nil || n != 0 {
		t.Errorf("tables in the empty schema: %d %v", n, err)
	}
}

func mustQuery(t *testing.T, where, key string) string {
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(key)
}

func TestPGStartingTogetherMigratesOnce(t *testing.T) {
	where := freshSchema(t)
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, where, Options{Fallback: filepath.Join(t.TempDir(), "p.db")})
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			if _, err := s.List(ctx, Filter{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// TestTheREADMEGrantsAreEnough opens the team history as a role with only
// the rights the README grants, as an engineer's codedesk does.
func TestTheREADMEGrantsAreEnough(t *testing.T) {
	where := freshSchema(t)
	schema := mustQuery(t, where, "search_path")
	role := "engineer_" + schema
	pgtest.Exec(t, where, `CREATE ROLE `+role+` LOGIN`, `GRANT USAGE ON SCHEMA `+schema+` TO `+role)
	t.Cleanup(func() { pgtest.Exec(t, where, `DROP OWNED BY `+role, `DROP ROLE `+role) })
	u, _ := url.Parse(where)
	u.User = url.User(role)
	// Before the owner ran codedesk, the engineer is told what to do.
	if _, err := openAt(t, u.String(), Options{}).List(ctx, Filter{}); err == nil || !strings.Contains(err.Error(), "владельца базы") {
		t.Errorf("an engineer before the owner: %v", err)
	}
	record(t, openAt(t, where, Options{}), sampleCall(0, ""), "") // the owner creates the schema
	grants := strings.NewReplacer("codedesk_engineer", role, "SCHEMA codedesk ", "SCHEMA "+schema+" ", "codedesk.", schema+".").Replace(readmeGrants)
	pgtest.Exec(t, where, strings.Split(grants, "\n")...)
	s := openAt(t, u.String(), Options{Agent: "timur"})
	id := record(t, s, sampleCall(30, "частые"), "")
	must(t, s.Star(ctx, id, true))
	must(t, s.SetNote(ctx, id, "нужно реже", ""))
	c, err := s.Delete(ctx, id)
	must(t, err)
	must(t, s.Restore(ctx, c))
	if got := list(t, s, Filter{Query: "реже", Starred: true}); len(got) != 1 {
		t.Errorf("as the engineer: %v", ids(got))
	}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	if _, err := s.Watch(wctx); err != nil {
		t.Errorf("watching as the engineer: %v", err)
	}
}

// readmeGrants are the statements the README shows for a team's engineers.
const readmeGrants = `GRANT USAGE ON SCHEMA codedesk TO codedesk_engineer;
GRANT SELECT ON codedesk.codedesk_schema TO codedesk_engineer;
GRANT SELECT, INSERT, UPDATE, DELETE ON codedesk.calls TO codedesk_engineer;`

func TestAPushCutShortSendsNothingTwice(t *testing.T) {
	where := freshSchema(t)
	fallback := filepath.Join(t.TempDir(), "pending.db")
	local := openAt(t, fallback, Options{})
	var calls []Call
	for i := 0; i < 700; i++ {
		calls = append(calls, sampleCall(i%5, "kept"))
	}
	if _, err := local.RecordBatch(ctx, calls, ""); err != nil {
		t.Fatal(err)
	}
	team := openAt(t, where, Options{Fallback: fallback})
	// The server took everything, but the local file was not emptied (a
	// push killed between the two): the same calls, same uids, are there.
	if res, err := team.PushFrom(ctx, fallback); err != nil || res.Sent != 700 {
		t.Fatalf("%+v %v", res, err)
	}
	res, err := team.Push(ctx)
	if err != nil || res.Sent != 0 || res.Skipped != 700 {
		t.Errorf("the push after: %+v %v", res, err)
	}
	if n, _ := team.Count(ctx); n != 700 {
		t.Errorf("%d calls on the server, want 700", n)
	}
	if n, _ := local.Count(ctx); n != 0 {
		t.Errorf("%d calls left in the local file", n)
	}
}

func TestCommitsDoNotWaitForTheDiskUnlessAsked(t *testing.T) {
	where := freshSchema(t)
	for url, want := range map[string]string{where: "off", where + "&synchronous_commit=on": "on"} {
		s := openAt(t, url, Options{})
		var got string
		if err := s.(*pgStore).pool.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&got); err != nil || got != want {
			t.Errorf("%s: synchronous_commit %q, want %q (%v)", RedactURL(url), got, want, err)
		}
	}
}
