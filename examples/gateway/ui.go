package main

import (
	"github.com/errcat/errcat/examples/gateway/webui"
)

// The browser error page (/ui/) and the demo's condition switches
// (/admin/, loopback only), package webui: its gates run in the gRPC
// server's interceptor chain and its failing proxy wraps the HTTP handler.
// The gateway forwards the page's X-Model-Version by default.
func init() {
	var conditions *webui.Conditions
	configureHooks = append(configureHooks, func(a *App) error {
		conditions = webui.New(a.Logger, a.Config.MaintenanceRetry)
		a.GRPCOptions = append(a.GRPCOptions, conditions.ServerOptions()...)
		return nil
	})
	mountHooks = append(mountHooks, func(a *App) error {
		conditions.Register(a.Mux)
		a.Handler = conditions.FailingProxy(a.Handler)
		return nil
	})
	servingHooks = append(servingHooks, func(a *App) {
		a.Logger.Info("ui serving", "url", "http://"+a.HTTPAddr+"/ui/")
	})
}
