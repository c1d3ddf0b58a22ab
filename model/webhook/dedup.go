package webhook

import "sync"

// DuplicateMemory is how many event ids the listener remembers to mark
// retries: the last 100,000 distinct ids, oldest forgotten first. Mobizon
// retries one event for under an hour (10 attempts, gaps of 1…9 minutes),
// so an id is forgotten only after 100,000 other events arrived.
const DuplicateMemory = 100_000

// DuplicateMemoryNote says so for people, in the listener's output.
const DuplicateMemoryNote = "повторы распознаются по последним 100 000 eventId: более старые забываются"

// seenIDs is a bounded memory of event ids: a ring of the last n distinct
// ids and a set over it. Memory stays O(n) whatever arrives.
type seenIDs struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int // the slot the next new id takes, evicting its holder
}

func newSeenIDs(n int) *seenIDs {
	if n <= 0 {
		n = DuplicateMemory
	}
	return &seenIDs{set: make(map[string]struct{}, min(n, 4096)), ring: make([]string, n)}
}

// add remembers id and reports whether it was already remembered.
func (s *seenIDs) add(id string) (seen bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.set[id]; ok {
		return true
	}
	if old := s.ring[s.next]; old != "" {
		delete(s.set, old)
	}
	s.ring[s.next] = id
	s.set[id] = struct{}{}
	s.next = (s.next + 1) % len(s.ring)
	return false
}

// has reports whether id is remembered, without remembering it.
func (s *seenIDs) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.set[id]
	return ok
}

// len is how many ids are remembered.
func (s *seenIDs) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.set)
}
