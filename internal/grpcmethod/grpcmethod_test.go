package grpcmethod

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, full string
		want          bool
	}{
		{"/grpc.health.v1.Health/", "/grpc.health.v1.Health/Check", true},
		{"/grpc.health.v1.Health/", "/grpc.health.v1.Health/../pkg.Svc/Method", false},
		{"/grpc.health.v1.Health/", "/grpc.health.v1.HealthX/Check", false},
		{"/grpc.health.v1.Health/", "/grpc.health.v1.Health/", false},
		{"/grpc.health.v1.Health/", "grpc.health.v1.Health/Check", false},
		{"/pkg.Svc/Get", "/pkg.Svc/Get", true},
		{"/pkg.Svc/Get", "/pkg.Svc/GetAll", false},
		{"/pkg.Svc/Get", "/pkg.Svc/Get/x", false},
		{"pkg.Svc/", "/pkg.Svc/Get", false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.full); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.full, got, tt.want)
		}
	}
}
