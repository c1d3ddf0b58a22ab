package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"codedesk/model/ru"
)

// Server is `codedesk webhook listen`: a Handler behind an HTTP server.
type Server struct {
	handler *Handler
	srv     *http.Server
	ln      net.Listener
	served  chan error
	mu      sync.Mutex
	closed  bool
}

// NewServer makes a server for the options; Start it, then Close it.
func NewServer(opts ListenerOptions) (*Server, error) {
	h, err := NewHandler(opts)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: DeliveryTimeout,
		ReadTimeout:       2 * DeliveryTimeout,
		WriteTimeout:      2 * DeliveryTimeout,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(io.Discard, "", 0), // never onto a terminal a TUI draws on
	}
	return &Server{handler: h, srv: srv}, nil
}

// Start listens on addr (HOST:PORT; port 0 picks a free one) and serves
// in the background; it returns once the socket is open.
func (s *Server) Start(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errClosed
	}
	if s.ln != nil {
		return fmt.Errorf("приёмник вебхуков уже слушает %s", s.ln.Addr())
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return listenError(addr, err)
	}
	s.ln, s.served = ln, make(chan error, 1)
	go func() { s.served <- s.srv.Serve(ln) }()
	return nil
}

// Addr is the address it listens on (HOST:PORT), "" before Start.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL is the address to post deliveries to.
func (s *Server) URL() string {
	if addr := s.Addr(); addr != "" {
		return "http://" + addr + "/"
	}
	return ""
}

// Handler is the server's handler (Stats).
func (s *Server) Handler() *Handler { return s.handler }

// shutdownGrace is how long Close lets requests in progress finish. The
// handler answers in milliseconds; what waits longer is a connection that
// never sent a request (a client's spare), which must not hold up ctrl+c.
const shutdownGrace = time.Second

// Close stops listening, lets requests in progress finish (at most
// shutdownGrace, then their connections are closed), then closes the
// handler: every event taken reaches OnEvent before Close returns, and no
// goroutine is left.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	served := s.served
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		err = s.srv.Close()
	}
	if served != nil {
		if serveErr := <-served; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
			err = serveErr
		}
	}
	if hErr := s.handler.Close(); err == nil {
		err = hErr
	}
	return err
}

// listenError says in Russian why addr cannot be listened on.
func listenError(addr string, err error) error {
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return fmt.Errorf("адрес %s занят: там уже кто-то слушает; выберите другой порт", line(addr))
	case errors.Is(err, syscall.EACCES):
		return fmt.Errorf("нет прав слушать %s: порты ниже 1024 требуют прав администратора; выберите порт выше", line(addr))
	}
	return fmt.Errorf("не удаётся слушать %s: %s", line(addr), line(ru.Explain(err)))
}
