package main

import (
	"bytes"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"
)

func TestRun(t *testing.T) {
	in, err := proto.Marshal(&pluginpb.CodeGeneratorRequest{Parameter: proto.String("docs=docs")})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(bytes.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	resp := new(pluginpb.CodeGeneratorResponse)
	if err := proto.Unmarshal(out.Bytes(), resp); err != nil {
		t.Fatal(err)
	}
	if resp.Error != nil || len(resp.File) != 0 {
		t.Errorf("empty request: error %q, %d files", resp.GetError(), len(resp.File))
	}

	err = run(strings.NewReader("\xff not a request"), &out)
	if err == nil || !strings.HasPrefix(err.Error(), "reading the request:") {
		t.Errorf("bad request: error %v", err)
	}
}
