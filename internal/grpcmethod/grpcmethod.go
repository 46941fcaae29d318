// Package grpcmethod is the one rule the gates use to match full gRPC
// method names ("/pkg.Service/Method") against allow-lists.
package grpcmethod

import "strings"

// Split returns the service and method of a full method name
// "/service/method". It reports false for anything else: a missing leading
// slash, an empty part, or a method part holding another "/" (such as
// "/grpc.health.v1.Health/../pkg.Svc/Method", which a server with an
// UnknownServiceHandler receives as is).
func Split(full string) (service, method string, ok bool) {
	if !strings.HasPrefix(full, "/") {
		return "", "", false
	}
	service, method, ok = strings.Cut(full[1:], "/")
	if !ok || service == "" || method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return service, method, true
}

// Match reports whether full matches pattern: "/service/" matches every
// method of exactly that service, "/service/method" that method only. A
// full name Split refuses matches nothing.
func Match(pattern, full string) bool {
	svc, m, ok := Split(full)
	if !ok {
		return false
	}
	psvc, pm, found := strings.Cut(strings.TrimPrefix(pattern, "/"), "/")
	if !found || !strings.HasPrefix(pattern, "/") || psvc != svc {
		return false
	}
	return pm == "" || pm == m
}
