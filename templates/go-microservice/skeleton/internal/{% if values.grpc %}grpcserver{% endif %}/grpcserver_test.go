package grpcserver

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"${{ values.goModule }}/internal/metrics"
	"${{ values.goModule }}/internal/server"
)

// start serves a new Server on a loopback port and returns a health client for it.
func start(t *testing.T) (*Server, healthpb.HealthClient, chan error) {
	t.Helper()
	s := New(Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Metrics: metrics.NewRegistry()})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(lis) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = conn.Close()
		_ = s.Shutdown(context.Background())
	})
	return s, healthpb.NewHealthClient(conn), served
}

func check(t *testing.T, client healthpb.HealthClient, service string) (healthpb.HealthCheckResponse_ServingStatus, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	resp, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	return resp.GetStatus(), err
}

func TestHealthServiceReportsServing(t *testing.T) {
	_, client, _ := start(t)
	for _, service := range []string{"", ServiceName} {
		got, err := check(t, client, service)
		if err != nil || got != healthpb.HealthCheckResponse_SERVING {
			t.Fatalf("Check(%q) = %v, %v; want SERVING", service, got, err)
		}
	}
	if _, err := check(t, client, "no-such-service"); status.Code(err) != codes.NotFound {
		t.Fatalf("Check of an unknown service: %v, want NotFound", err)
	}
}

func TestCorrelationIDIsKeptOrCreated(t *testing.T) {
	_, client, _ := start(t)
	ctx := metadata.AppendToOutgoingContext(context.Background(), CorrelationMetadataKey, "grpc-42")
	var header metadata.MD
	if _, err := client.Check(ctx, &healthpb.HealthCheckRequest{}, grpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	if got := header.Get(CorrelationMetadataKey); len(got) != 1 || got[0] != "grpc-42" {
		t.Fatalf("correlation id in the response header = %v, want the caller's grpc-42", got)
	}
	header = nil
	if _, err := client.Check(context.Background(), &healthpb.HealthCheckRequest{}, grpc.Header(&header)); err != nil {
		t.Fatal(err)
	}
	if got := header.Get(CorrelationMetadataKey); len(got) != 1 || len(got[0]) != 32 {
		t.Fatalf("generated correlation id = %v, want 32 hex characters", got)
	}
}

func TestCallsAreLoggedWithTheirCorrelationID(t *testing.T) {
	var logs bytes.Buffer
	s := New(Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: metrics.NewRegistry()})
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs(CorrelationMetadataKey, "call-7"))
	var seen string
	_, err := s.unary(ctx, nil, &grpc.UnaryServerInfo{FullMethod: "/returns.v1.Returns/Authorise"},
		func(ctx context.Context, _ any) (any, error) {
			seen = server.CorrelationID(ctx)
			return nil, status.Error(codes.InvalidArgument, "order id missing")
		})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("the handler's error was changed: %v", err)
	}
	if seen != "call-7" {
		t.Fatalf("handler saw correlation id %q, want call-7", seen)
	}
	for _, want := range []string{`"msg":"grpc call"`, `"correlation_id":"call-7"`, `"method":"/returns.v1.Returns/Authorise"`, `"code":"InvalidArgument"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("call log lacks %s: %s", want, logs.String())
		}
	}
}

func TestShutdownReportsNotServingAndStopsGracefully(t *testing.T) {
	s, client, served := start(t)
	// a client watching health (as gRPC load balancers do) sees SERVING, then NOT_SERVING
	watchCtx, cancelWatch := context.WithCancel(context.Background())
	defer cancelWatch()
	watch, err := client.Watch(watchCtx, &healthpb.HealthCheckRequest{Service: ServiceName})
	if err != nil {
		t.Fatal(err)
	}
	if first, err := watch.Recv(); err != nil || first.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("first watch update = %v, %v; want SERVING", first.GetStatus(), err)
	}

	// the open stream keeps the graceful stop waiting until the deadline, then it is cut
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	begun := time.Now()
	if err := s.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown with a stream open = %v, want the deadline's error", err)
	}
	if waited := time.Since(begun); waited < 400*time.Millisecond || waited > 5*time.Second {
		t.Fatalf("Shutdown returned after %v, want about the 500ms deadline", waited)
	}
	if next, err := watch.Recv(); err != nil || next.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("watch update after Shutdown = %v, %v; want NOT_SERVING", next.GetStatus(), err)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve after Shutdown = %v, want nil", err)
	}
	if _, err := check(t, client, ""); status.Code(err) != codes.Unavailable {
		t.Fatalf("Check after Shutdown: %v, want Unavailable", err)
	}
}

func TestShutdownWithoutCallsInFlightIsImmediate(t *testing.T) {
	s, client, served := start(t)
	if _, err := check(t, client, ""); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	begun := time.Now()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown = %v, want nil", err)
	}
	if waited := time.Since(begun); waited > 2*time.Second {
		t.Fatalf("Shutdown with nothing in flight took %v", waited)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve after Shutdown = %v, want nil", err)
	}
}
