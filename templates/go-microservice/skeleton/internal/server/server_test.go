package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"${{ values.goModule }}/internal/metrics"
)

func newTestServer(t *testing.T) (*Server, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	return New(Options{Logger: logger, Metrics: metrics.NewRegistry()}), &logs
}

func get(t *testing.T, h http.Handler, path string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range header {
		req.Header.Set(k, v[0])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHealthAndReadiness(t *testing.T) {
	s, _ := newTestServer(t)
	h := s.Handler()
	if rec := get(t, h, "/health", nil); rec.Code != http.StatusOK {
		t.Fatalf("/health = %d, want 200", rec.Code)
	}
	if rec := get(t, h, "/ready", nil); rec.Code != http.StatusOK {
		t.Fatalf("/ready = %d, want 200", rec.Code)
	}
	s.SetReady(false)
	rec := get(t, h, "/ready", nil)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("/ready while shutting down = %d, want 503", rec.Code)
	}
	if rec := get(t, h, "/health", nil); rec.Code != http.StatusOK {
		t.Fatalf("/health while shutting down = %d, want 200 (liveness must not kill a draining pod)", rec.Code)
	}
}

func TestCorrelationIDIsKeptOrCreatedAndLogged(t *testing.T) {
	s, logs := newTestServer(t)
	h := s.Handler()
	rec := get(t, h, "/", http.Header{CorrelationHeader: {"abc-123"}})
	if got := rec.Header().Get(CorrelationHeader); got != "abc-123" {
		t.Fatalf("correlation id = %q, want the caller's abc-123", got)
	}
	var body map[string]string
	if err := json.NewDecoder(rec.Body).Decode(&body); err != nil || body["correlationId"] != "abc-123" {
		t.Fatalf("body = %v (%v), want correlationId abc-123", body, err)
	}
	if !strings.Contains(logs.String(), `"correlation_id":"abc-123"`) {
		t.Fatalf("request log lacks the correlation id: %s", logs.String())
	}
	if got := get(t, h, "/", nil).Header().Get(CorrelationHeader); len(got) != 32 {
		t.Fatalf("generated correlation id = %q, want 32 hex characters", got)
	}
}

func TestMetricsExposeRequestDurations(t *testing.T) {
	s, _ := newTestServer(t)
	h := s.Handler()
	s.metrics.OrdersProcessed.WithLabelValues("completed", "retail").Inc()
	get(t, h, "/", nil)
	get(t, h, "/missing", nil)
	rec := get(t, h, "/metrics", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics = %d, want 200", rec.Code)
	}
	text, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`http_request_duration_seconds_count{endpoint="GET /",method="GET",status_code="200"} 1`,
		`http_request_duration_seconds_count{endpoint="GET /",method="GET",status_code="404"} 1`,
		`orders_processed_total{customer_type="retail",status="completed"} 1`,
		"# TYPE database_connections_active gauge",
		"go_goroutines",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
