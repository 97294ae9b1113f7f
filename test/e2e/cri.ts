/** A kubelet-style CRI client: PullImage with credentials scoped to one registry host (server_address). */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

interface PullImageRequest {
  image: { image: string };
  auth?: { username: string; password: string; server_address: string };
}

type Unary<Req, Res> = (request: Req, options: { deadline: Date }, callback: (error: grpc.ServiceError | null, response: Res) => void) => void;

interface ImageServiceClient extends grpc.Client {
  PullImage: Unary<PullImageRequest, { image_ref: string }>;
  RemoveImage: Unary<{ image: { image: string } }, unknown>;
}

export function criImageService(socket: string): { pull(request: PullImageRequest): Promise<string>; close(): void } {
  const definition = protoLoader.loadSync(fileURLToPath(new URL('./cri.proto', import.meta.url)), { keepCase: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    runtime: { v1: { ImageService: new (address: string, credentials: grpc.ChannelCredentials) => ImageServiceClient } };
  };
  const client = new loaded.runtime.v1.ImageService(`unix://${socket}`, grpc.credentials.createInsecure());
  return {
    pull: (request) =>
      new Promise((resolve, reject) => {
        client.PullImage(request, { deadline: new Date(Date.now() + 120_000) }, (error, response) => (error ? reject(error) : resolve(response.image_ref)));
      }),
    close: () => client.close(),
  };
}
