// Package sandbox is a local emulation of the Mobizon API on the same wire
// format, so that every response code can be produced, learned and tested
// without the real service. It is used by `codedesk --demo`, by the tests
// and standalone (`codedesk sandbox`). Its triggers, like a payment
// provider's test card numbers, are listed in Triggers.
//
// The sandbox never calls the network beyond the loopback listeners it
// opens itself.
package sandbox

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// The sandbox's API keys. Any other key in the real format (40 or 70
// letters and digits, safe.PlausibleKey) is an account of the kz region, so
// that code using an official client can be pointed at the sandbox; any
// other key, or none, is refused with code 8.
const (
	KeyKZ      = model.SandboxKeyKZ      // an account served by the kz region
	KeyUZ      = model.SandboxKeyUZ      // an account of the uz region: code 13 elsewhere
	KeyBlocked = model.SandboxKeyBlocked // a blocked account: code 14
)

// Regions the sandbox serves, each on its own listener, as the real API has
// one domain per country.
const (
	RegionKZ = "kz"
	RegionUZ = "uz"
)

var keyRegion = map[string]string{KeyKZ: RegionKZ, KeyUZ: RegionUZ, KeyBlocked: RegionKZ}

// Options tune the sandbox; the zero value is what --demo uses.
type Options struct {
	// Now is the sandbox's clock; tests move it by hand.
	Now func() time.Time
	// TaskDuration is how long a background task takes from creation to
	// its end: waiting for its first second, then running.
	TaskDuration time.Duration
	// RateLimit is how many calls of one method one key may make per
	// second before code 30; taskqueue/getStatus always allows one.
	RateLimit int
	// DeliveryTime is how long an accepted SMS takes to reach its final
	// status (NEW → ENQUEUD → ACCEPTD → final); 0: DefaultDeliveryTime.
	DeliveryTime time.Duration
	// OnFinal, when set, is called exactly once per message when it reaches
	// its final status, outside the sandbox's lock: from a request that
	// notices it or from a background ticker (stopped by Close), so that
	// webhooks fire even when nobody asks. Calls for different messages may
	// come from different goroutines at once.
	OnFinal func(Delivery)
}

// Sandbox is the emulated service: accounts, campaigns, tasks and rate
// limits, shared by every region's listener.
type Sandbox struct {
	opts    Options
	methods *catalog.MethodBook

	mu        sync.Mutex
	regions   map[string]string // region → host:port, for code 13
	campaigns map[int]*campaign
	tasks     map[int]*task
	messages  map[int]*message
	order     []int            // message ids, oldest first
	pending   map[int]*message // messages whose final status OnFinal has not seen
	nextID    int
	calls     map[string][]time.Time // key + method → recent call times

	stop      chan struct{}
	closeOnce sync.Once
}

type campaign struct {
	id         int
	text       string
	status     string // READY_FOR_SEND, RUNNING, SENT
	recipients []string
	messageIDs []int // one per recipient, sent by campaign/send
}

type task struct {
	id      int
	created time.Time
	reject  bool
}

// New builds a sandbox with one campaign (id 1) ready for recipients. With
// Options.OnFinal set it runs a ticker until Close.
func New(opts Options) *Sandbox {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TaskDuration <= 0 {
		opts.TaskDuration = 5 * time.Second
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 5
	}
	if opts.DeliveryTime <= 0 {
		opts.DeliveryTime = DefaultDeliveryTime
	}
	s := &Sandbox{
		opts:      opts,
		methods:   catalog.MustDefaultMethods(),
		regions:   map[string]string{},
		campaigns: map[int]*campaign{1: {id: 1, text: "Тестовая рассылка", status: "READY_FOR_SEND"}},
		tasks:     map[int]*task{},
		messages:  map[int]*message{},
		pending:   map[int]*message{},
		nextID:    100,
		calls:     map[string][]time.Time{},
		stop:      make(chan struct{}),
	}
	if opts.OnFinal != nil {
		go s.runSweeper()
	}
	return s
}

// Close stops the background ticker; it is safe to call more than once.
func (s *Sandbox) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
}

// SetRegionAddr tells the sandbox where a region is served, so that a key
// of that region used elsewhere gets code 13 with a domain that works.
func (s *Sandbox) SetRegionAddr(region, hostport string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.regions[region] = hostport
}

// Servers are the sandbox's listeners, one per region.
type Servers struct {
	Sandbox *Sandbox
	KZ, UZ  string // host:port
	servers []*http.Server
}

// Start serves both regions on loopback: kz at addr (":0" style addresses
// pick a free port) and uz on a free port beside it.
func Start(opts Options, addr string) (*Servers, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	sb := New(opts)
	kzLn, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("песочница не запущена: %w", syserr.Listen(addr, err))
	}
	uzAddr := net.JoinHostPort(hostOf(kzLn.Addr().String()), "0")
	uzLn, err := net.Listen("tcp", uzAddr)
	if err != nil {
		kzLn.Close()
		return nil, fmt.Errorf("песочница не запущена: %w", syserr.Listen(uzAddr, err))
	}
	out := &Servers{Sandbox: sb, KZ: kzLn.Addr().String(), UZ: uzLn.Addr().String()}
	sb.SetRegionAddr(RegionKZ, out.KZ)
	sb.SetRegionAddr(RegionUZ, out.UZ)
	for _, p := range []struct {
		ln     net.Listener
		region string
	}{{kzLn, RegionKZ}, {uzLn, RegionUZ}} {
		srv := &http.Server{Handler: sb.Handler(p.region), ReadHeaderTimeout: 10 * time.Second}
		out.servers = append(out.servers, srv)
		go srv.Serve(p.ln) //nolint:errcheck // ends with Close
	}
	return out, nil
}

func hostOf(hostport string) string {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		return "127.0.0.1"
	}
	return h
}

// Close stops every listener and the sandbox's ticker.
func (s *Servers) Close() {
	for _, srv := range s.servers {
		srv.Close()
	}
	s.Sandbox.Close()
}

// answer is what a method handler returns.
type answer struct {
	code    int
	message string
	data    any
}

func ok(data any) answer { return answer{code: 0, data: data} }

func fail(code int, message string, data any) answer {
	return answer{code: code, message: message, data: data}
}

// Handler serves one region's API.
func (s *Sandbox) Handler(region string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		format := strings.ToLower(r.URL.Query().Get("output"))
		if format == "" {
			format = "json"
		}
		a := s.serve(region, r, format)
		write(w, format, a)
	})
}

func (s *Sandbox) serve(region string, r *http.Request, format string) answer {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 3 || parts[0] != "service" {
		return fail(4, "Неверный путь: нужен /service/{module}/{method}", nil)
	}
	module, method := strings.ToLower(parts[1]), strings.ToLower(parts[2])
	if format != "json" && format != "xml" {
		return fail(6, fmt.Sprintf("Неизвестный формат ответа %q: поддерживаются json и xml", format), nil)
	}
	key := r.URL.Query().Get("apiKey")
	keyReg, known := keyRegion[key]
	if !known && safe.PlausibleKey(key) {
		keyReg, known = RegionKZ, true
	}
	switch {
	case !known:
		return fail(8, "Авторизация не удалась: неверный ключ API", nil)
	case key == KeyBlocked:
		return fail(14, "Аккаунт заблокирован", nil)
	case keyReg != region:
		s.mu.Lock()
		domain := s.regions[keyReg]
		s.mu.Unlock()
		return fail(13, "Аккаунт обслуживается другим сервером API", domain)
	}
	if !s.knownModule(module) {
		return fail(4, fmt.Sprintf("Модуль %q не найден", module), nil)
	}
	m, found := s.methods.Lookup(module + "/" + method)
	if !found {
		return fail(5, fmt.Sprintf("Метод %q модуля %q не найден", method, module), nil)
	}
	if a, limited := s.rateLimit(key, m.Name); limited {
		return a
	}
	return s.call(strings.ToLower(m.Name), form{r.Form})
}

func (s *Sandbox) knownModule(module string) bool {
	for _, m := range s.methods.Methods {
		if strings.EqualFold(m.Module(), module) {
			return true
		}
	}
	return false
}

// rateLimit answers 30 when key calls method more often than allowed:
// taskqueue/getStatus once a second, anything else RateLimit a second.
func (s *Sandbox) rateLimit(key, method string) (answer, bool) {
	limit := s.opts.RateLimit
	if strings.EqualFold(method, "taskqueue/getStatus") {
		limit = 1
	}
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	id := key + " " + strings.ToLower(method)
	recent := s.calls[id][:0]
	for _, t := range s.calls[id] {
		if now.Sub(t) < time.Second {
			recent = append(recent, t)
		}
	}
	if len(recent) >= limit {
		s.calls[id] = recent
		return fail(30, fmt.Sprintf("Слишком частые запросы к %s: не больше %d в секунду", method, limit), nil), true
	}
	s.calls[id] = append(recent, now)
	return answer{}, false
}

// form reads PHP-style parameters: ids[]=1&ids[]=2, ids[0]=1, or ids=1,2.
type form struct{ url.Values }

func (f form) get(name string) string { return strings.TrimSpace(f.Values.Get(name)) }

func (f form) has(name string) bool {
	if _, ok := f.Values[name]; ok {
		return true
	}
	return len(f.list(name)) > 0
}

func (f form) list(name string) []string {
	var out []string
	if v, ok := f.Values[name]; ok {
		for _, s := range v {
			for _, part := range strings.Split(s, ",") {
				if p := strings.TrimSpace(part); p != "" {
					out = append(out, p)
				}
			}
		}
	}
	out = append(out, f.Values[name+"[]"]...)
	var indexed []string
	for k := range f.Values {
		if strings.HasPrefix(k, name+"[") && strings.HasSuffix(k, "]") && k != name+"[]" {
			if _, err := strconv.Atoi(k[len(name)+1 : len(k)-1]); err == nil {
				indexed = append(indexed, k)
			}
		}
	}
	sort.Slice(indexed, func(i, j int) bool {
		a, _ := strconv.Atoi(indexed[i][len(name)+1 : len(indexed[i])-1])
		b, _ := strconv.Atoi(indexed[j][len(name)+1 : len(indexed[j])-1])
		return a < b
	})
	for _, k := range indexed {
		out = append(out, f.Values[k]...)
	}
	return out
}

func write(w http.ResponseWriter, format string, a answer) {
	if format == "xml" {
		w.Header().Set("Content-Type", "application/xml; charset=utf-8")
		_, _ = w.Write(xmlEnvelope(a))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	body, _ := json.Marshal(struct {
		Code    int    `json:"code"`
		Data    any    `json:"data"`
		Message string `json:"message"`
	}{a.code, a.data, a.message})
	_, _ = w.Write(body)
}
