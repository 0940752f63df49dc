// The peer bench/s3_uploads.py measures the S3 store against: the official Node tus server
// (@tus/server) with its S3 data store (@tus/s3-store), as small as it can be, on the S3
// server and bucket the bench gives it. Environment: PORT (loopback), TUS_S3_ENDPOINT,
// TUS_S3_BUCKET, TUS_S3_REGION, TUS_S3_ACCESS_KEY, TUS_S3_SECRET_KEY, TUS_S3_PART_SIZE (bytes).
import { S3Store } from "@tus/s3-store";
import { Server } from "@tus/server";

const env = process.env;
const datastore = new S3Store({
  partSize: Number(env.TUS_S3_PART_SIZE || 8 * 1024 * 1024),
  s3ClientConfig: {
    bucket: env.TUS_S3_BUCKET,
    endpoint: env.TUS_S3_ENDPOINT,
    region: env.TUS_S3_REGION || "us-east-1",
    forcePathStyle: true,
    credentials: {
      accessKeyId: env.TUS_S3_ACCESS_KEY,
      secretAccessKey: env.TUS_S3_SECRET_KEY,
    },
  },
});
const server = new Server({ path: "/files", datastore });
server.listen({ host: "127.0.0.1", port: Number(env.PORT) });
