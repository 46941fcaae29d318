package testsrv

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

type service struct{ h Handlers }

type serverIface interface{}

var serviceDesc = grpc.ServiceDesc{
	ServiceName: "errcat.test.Test",
	HandlerType: (*serverIface)(nil),
	Methods: []grpc.MethodDesc{{
		MethodName: "Unary",
		Handler: func(srv any, ctx context.Context, dec func(any) error, icpt grpc.UnaryServerInterceptor) (any, error) {
			in := new(wrapperspb.StringValue)
			if err := dec(in); err != nil {
				return nil, err
			}
			h := func(ctx context.Context, req any) (any, error) {
				return srv.(*service).unary(ctx, req.(*wrapperspb.StringValue))
			}
			if icpt == nil {
				return h(ctx, in)
			}
			return icpt(ctx, in, &grpc.UnaryServerInfo{Server: srv, FullMethod: "/errcat.test.Test/Unary"}, h)
		},
	}},
	Streams: []grpc.StreamDesc{
		{StreamName: "ServerStream", ServerStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(*service).serverStream(ss)
		}},
		{StreamName: "ClientStream", ClientStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(*service).clientStream(ss)
		}},
		{StreamName: "Bidi", ServerStreams: true, ClientStreams: true, Handler: func(srv any, ss grpc.ServerStream) error {
			return srv.(*service).bidi(ss)
		}},
	},
}

func (s *service) unary(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	if s.h.Unary == nil {
		return in, nil
	}
	out, err := s.h.Unary(ctx, in.GetValue())
	if err != nil {
		return nil, err
	}
	return wrapperspb.String(out), nil
}

func recvFunc(ss grpc.ServerStream) func() (string, error) {
	return func() (string, error) {
		in := new(wrapperspb.StringValue)
		err := ss.RecvMsg(in)
		return in.GetValue(), err
	}
}

func sendFunc(ss grpc.ServerStream) func(string) error {
	return func(v string) error { return ss.SendMsg(wrapperspb.String(v)) }
}

func (s *service) serverStream(ss grpc.ServerStream) error {
	in, err := recvFunc(ss)()
	if err != nil {
		return err
	}
	if s.h.ServerStream == nil {
		return sendFunc(ss)(in)
	}
	return s.h.ServerStream(ss.Context(), in, sendFunc(ss))
}

func (s *service) clientStream(ss grpc.ServerStream) error {
	var out string
	var err error
	if s.h.ClientStream == nil {
		recv := recvFunc(ss)
		for {
			v, rerr := recv()
			if rerr != nil {
				break
			}
			out += v
		}
	} else if out, err = s.h.ClientStream(ss.Context(), recvFunc(ss)); err != nil {
		return err
	}
	return ss.SendMsg(wrapperspb.String(out))
}

func (s *service) bidi(ss grpc.ServerStream) error {
	if s.h.Bidi == nil {
		recv, send := recvFunc(ss), sendFunc(ss)
		for {
			v, err := recv()
			if err != nil {
				return nil
			}
			if err := send(v); err != nil {
				return err
			}
		}
	}
	return s.h.Bidi(ss.Context(), recvFunc(ss), sendFunc(ss))
}
