// Command ${{ values.name }}: ${{ values.description }}
package main

import (
	"context"
	"errors"
	"log/slog"
{%- if values.grpc %}
	"net"
{%- endif %}
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

{% if values.grpc %}	"${{ values.goModule }}/internal/grpcserver"
{% endif %}	"${{ values.goModule }}/internal/metrics"
	"${{ values.goModule }}/internal/server"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: logLevel(os.Getenv("LOG_LEVEL"))})).
		With("service", "${{ values.name }}", "version", os.Getenv("SERVICE_VERSION"))
	port := 8080
	if p, err := strconv.Atoi(os.Getenv("PORT")); err == nil && p > 0 {
		port = p
	}
{%- if values.grpc %}
	grpcPort := ${{ values.grpcPort }}
	if p, err := strconv.Atoi(os.Getenv("GRPC_PORT")); err == nil && p > 0 {
		grpcPort = p
	}
{%- endif %}

	reg := metrics.NewRegistry()
	srv := server.New(server.Options{Logger: logger, Metrics: reg})
	httpServer := &http.Server{
		Addr:              ":" + strconv.Itoa(port),
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	errs := make(chan error, 2)
	go func() {
		logger.Info("listening", "port", port)
		errs <- httpServer.ListenAndServe()
	}()
{%- if values.grpc %}

	grpcServer := grpcserver.New(grpcserver.Options{Logger: logger, Metrics: reg})
	grpcListener, err := net.Listen("tcp", ":"+strconv.Itoa(grpcPort))
	if err != nil {
		logger.Error("gRPC listener failed", "error", err)
		os.Exit(1)
	}
	go func() {
		logger.Info("listening for gRPC", "port", grpcPort)
		if err := grpcServer.Serve(grpcListener); err != nil {
			errs <- err
		}
	}()
{%- endif %}

	select {
	case err := <-errs:
		if !errors.Is(err, http.ErrServerClosed) {
			logger.Error("server failed", "error", err)
			os.Exit(1)
		}
	case <-ctx.Done():
		// Stop receiving new traffic first (readiness fails), then drain.
		srv.SetReady(false)
		logger.Info("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
{%- if values.grpc %}
		// gRPC health reports NOT_SERVING, then calls in flight finish (both servers drain at once).
		grpcStopped := make(chan error, 1)
		go func() { grpcStopped <- grpcServer.Shutdown(shutdownCtx) }()
{%- endif %}
		if err := httpServer.Shutdown(shutdownCtx); err != nil {
			logger.Error("graceful shutdown failed", "error", err)
			os.Exit(1)
		}
{%- if values.grpc %}
		if err := <-grpcStopped; err != nil {
			logger.Error("graceful gRPC shutdown failed", "error", err)
			os.Exit(1)
		}
{%- endif %}
	}
	logger.Info("stopped")
}

func logLevel(value string) slog.Level {
	switch value {
	case "DEBUG":
		return slog.LevelDebug
	case "WARN":
		return slog.LevelWarn
	case "ERROR":
		return slog.LevelError
	default:
		return slog.LevelInfo
	}
}
