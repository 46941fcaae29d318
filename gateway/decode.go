package gateway

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// jsonMarshaler is grpc-gateway's default marshaler whose decoder, when a
// request body does not decode, records the HTTP-layer error for the error
// handler: grpc-gateway's generated code keeps only the decoding error's
// text.
type jsonMarshaler struct{ runtime.Marshaler }

func (m jsonMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	d := m.Marshaler.NewDecoder(r)
	b, ok := r.(*body)
	if !ok {
		return d
	}
	return runtime.DecoderFunc(func(v any) error {
		err := d.Decode(v)
		if err != nil && !errors.Is(err, io.EOF) && b.c.failure == nil {
			b.c.failure = bodyError(err, v, b.read.Bytes())
		}
		return err
	})
}

// bodyError classifies a body that did not decode into v: over the limit
// (000024), a field of the wrong type (000011, with a BadRequest field
// violation), or else not a valid request (000003).
func bodyError(err error, v any, raw []byte) *errcat.Error {
	if mbe, ok := errAs[*http.MaxBytesError](err); ok {
		return payloadTooLarge(mbe.Limit)
	}
	msg, ok := v.(proto.Message)
	if !ok {
		return codes.NewInvalidRequest()
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return codes.NewInvalidRequest()
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fields := msg.ProtoReflect().Descriptor().Fields()
	for _, k := range keys {
		fd := fields.ByJSONName(k)
		if fd == nil {
			fd = fields.ByTextName(k)
		}
		if fd == nil {
			continue // unknown fields are discarded, as grpc-gateway does
		}
		one, _ := json.Marshal(map[string]json.RawMessage{k: obj[k]})
		probe := msg.ProtoReflect().New().Interface()
		if protojson.Unmarshal(one, probe) == nil {
			continue
		}
		t := typeName(fd)
		return codes.NewInvalidJSONFieldType(k, t).WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{
				Field:       string(fd.Name()),
				Description: "must be a JSON " + jsonKind(fd) + " (" + t + ")",
			}},
		})
	}
	return codes.NewInvalidRequest()
}

// jsonKind names the JSON value a field takes.
func jsonKind(fd protoreflect.FieldDescriptor) string {
	if fd.IsList() {
		return "array"
	}
	if fd.IsMap() {
		return "object"
	}
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return "boolean"
	case protoreflect.StringKind, protoreflect.BytesKind, protoreflect.EnumKind:
		return "string"
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return "value"
	case protoreflect.Int64Kind, protoreflect.Uint64Kind, protoreflect.Sint64Kind,
		protoreflect.Fixed64Kind, protoreflect.Sfixed64Kind:
		return "number or string"
	}
	return "number"
}
