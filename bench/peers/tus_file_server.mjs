// The peer of bench/uploads.py: the official Node tus server (@tus/server with @tus/file-store),
// as small as its documentation sets it up, serving /files/ on 127.0.0.1.
//
//   node bench/peers/tus_file_server.mjs PORT DIRECTORY
//
// PORT and DIRECTORY may also come from TUS_PORT and TUS_DIR. Prints "listening PORT" once it
// accepts connections; stops on SIGTERM.
import { FileStore } from "@tus/file-store";
import { Server } from "@tus/server";

const port = Number(process.argv[2] ?? process.env.TUS_PORT);
const directory = process.argv[3] ?? process.env.TUS_DIR;
if (!port || !directory) {
  console.error("usage: node tus_file_server.mjs PORT DIRECTORY");
  process.exit(2);
}

const server = new Server({ path: "/files", datastore: new FileStore({ directory }) });
const http = server.listen({ host: "127.0.0.1", port }, () => {
  console.log(`listening ${port}`);
});
process.on("SIGTERM", () => http.close(() => process.exit(0)));
