// A @grpc/grpc-js client of errcat.playground.v1.PlaygroundService, built
// from the service descriptor protoc-gen-es generated (no other codegen).
import * as grpc from "@grpc/grpc-js";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

import {
  PlaygroundService,
  RaiseStreamResponseSchema,
} from "./gen/errcat/playground/v1/playground_pb.js";
import type { RaiseStreamResponse } from "./gen/errcat/playground/v1/playground_pb.js";

/** An argument: text, or raw bytes (to send invalid UTF-8 on purpose). */
export type Arg = string | Uint8Array;

function path(method: { name: string }): string {
  return `/${PlaygroundService.typeName}/${method.name}`;
}

function serializer<Desc extends DescMessage>(schema: Desc) {
  return (m: MessageShape<Desc>) => Buffer.from(toBinary(schema, m));
}

function deserializer<Desc extends DescMessage>(schema: Desc) {
  return (b: Buffer) => fromBinary(schema, b);
}

/**
 * Encodes a RaiseRequest or RaiseStreamRequest by hand, so that args may be
 * raw bytes: the playground declares them without UTF-8 validation, and a
 * JS string cannot hold invalid UTF-8.
 */
function encodeRaise(code: string, args: readonly Arg[], messagesBeforeError?: number): Buffer {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).string(code);
  for (const a of args) {
    const t = w.tag(2, WireType.LengthDelimited);
    if (typeof a === "string") {
      t.string(a);
    } else {
      t.bytes(a);
    }
  }
  if (messagesBeforeError) {
    w.tag(3, WireType.Varint).int32(messagesBeforeError);
  }
  return Buffer.from(w.finish());
}

/** The outcome of a call that is expected to fail. */
export interface Failure {
  error: grpc.ServiceError;
}

/** A client of the playground at addr (host:port, plaintext). */
export class PlaygroundClient {
  private readonly client: grpc.Client;

  constructor(
    addr: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.client = new grpc.Client(addr, grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  private options(): grpc.CallOptions {
    return { deadline: Date.now() + this.timeoutMs };
  }

  private unary(method: { name: string }, body: Buffer, md = new grpc.Metadata()): Promise<grpc.ServiceError> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        path(method),
        (b: Buffer) => b,
        (b: Buffer) => b,
        body,
        md,
        this.options(),
        (err, value) => {
          if (err) {
            resolve(err);
          } else {
            reject(new Error(`${method.name} succeeded (${value?.length} bytes); the playground always fails`));
          }
        },
      );
    });
  }

  /** Calls Raise and returns the error (Raise always fails). */
  raise(code: string, args: readonly Arg[] = [], md?: grpc.Metadata): Promise<grpc.ServiceError> {
    return this.unary(PlaygroundService.method.raise, encodeRaise(code, args), md);
  }

  /** Calls Misbehave and returns the error. */
  misbehave(mode: string): Promise<grpc.ServiceError> {
    const m = PlaygroundService.method.misbehave;
    return this.unary(m, serializer(m.input)(create(m.input, { mode })));
  }

  /** Calls RaiseStream and returns the messages received and the error that ended the stream. */
  raiseStream(
    code: string,
    args: readonly Arg[],
    messagesBeforeError: number,
  ): Promise<{ messages: RaiseStreamResponse[]; error: grpc.ServiceError }> {
    return new Promise((resolve, reject) => {
      const messages: RaiseStreamResponse[] = [];
      const call = this.client.makeServerStreamRequest(
        path(PlaygroundService.method.raiseStream),
        (b: Buffer) => b,
        deserializer(RaiseStreamResponseSchema),
        encodeRaise(code, args, messagesBeforeError),
        new grpc.Metadata(),
        this.options(),
      );
      call.on("data", (m: RaiseStreamResponse) => messages.push(m));
      call.on("error", (error: grpc.ServiceError) => resolve({ messages, error }));
      call.on("end", () => reject(new Error("RaiseStream ended without an error")));
    });
  }
}
