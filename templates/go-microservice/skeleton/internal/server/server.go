// Package server is the HTTP surface of ${{ values.name }}: health, readiness,
// metrics, structured request logs with correlation ids.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"${{ values.goModule }}/internal/metrics"
)

// CorrelationHeader carries the id that ties log lines of one request together across services.
const CorrelationHeader = "X-Correlation-ID"

type correlationKey struct{}

// Options configure a Server.
type Options struct {
	Logger  *slog.Logger
	Metrics *metrics.Registry
}

// Server holds the handlers and the readiness state.
type Server struct {
	logger  *slog.Logger
	metrics *metrics.Registry
	ready   atomic.Bool
	mux     *http.ServeMux
}

// New builds a ready Server.
func New(opts Options) *Server {
	s := &Server{logger: opts.Logger, metrics: opts.Metrics, mux: http.NewServeMux()}
	s.ready.Store(true)
	s.mux.HandleFunc("GET /health", s.health)
	s.mux.HandleFunc("GET /ready", s.readiness)
	s.mux.Handle("GET /metrics", opts.Metrics.Handler())
	s.mux.HandleFunc("GET /", s.root)
	return s
}

// SetReady flips readiness (false while shutting down, so no new traffic arrives).
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Handler wraps the routes with correlation ids, request logs and metrics.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(CorrelationHeader)
		if id == "" {
			id = NewCorrelationID()
		}
		w.Header().Set(CorrelationHeader, id)
		ctx := WithCorrelationID(r.Context(), id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		s.mux.ServeHTTP(rec, r.WithContext(ctx))

		_, pattern := s.mux.Handler(r)
		if pattern == "" {
			pattern = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.RequestDuration.WithLabelValues(r.Method, pattern, strconv.Itoa(rec.status)).Observe(elapsed.Seconds())
		if r.URL.Path != "/health" && r.URL.Path != "/ready" && r.URL.Path != "/metrics" {
			s.logger.Info("request",
				"correlation_id", id, "method", r.Method, "path", r.URL.Path,
				"status", rec.status, "duration_ms", elapsed.Milliseconds())
		}
	})
}

// WithCorrelationID returns ctx carrying the correlation id of a request.
func WithCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey{}, id)
}

// CorrelationID returns the request's correlation id.
func CorrelationID(ctx context.Context) string {
	id, _ := ctx.Value(correlationKey{}).(string)
	return id
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readiness(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"service": "${{ values.name }}", "correlationId": CorrelationID(r.Context())})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// NewCorrelationID returns a fresh correlation id: 32 hex characters.
func NewCorrelationID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 16)
	}
	return hex.EncodeToString(b)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
