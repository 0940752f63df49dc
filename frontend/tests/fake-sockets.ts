// Scripted WebSockets for unit tests: the code under test opens them through `FakeSockets.open`,
// and the test plays the server (accept with a snapshot, send events, drop).
import type { SocketHandle, SocketHandlers } from "../src/download-centre/platform.js";
import type { Download } from "../src/download-centre/types.js";

/** One socket the code under test opened; the test plays the server. */
export class FakeSocket implements SocketHandle {
  /** The code the client closed with, if it did. */
  closedWith: number | null = null;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  close(code = 1005): void {
    this.closedWith = code;
  }
  /** The server accepts and sends its snapshot. */
  accept(version: number, downloads: Download[] = []): void {
    this.handlers.open();
    this.send({ type: "snapshot", version, downloads });
  }
  send(message: unknown): void {
    this.handlers.message(JSON.stringify(message));
  }
  /** The server (or the network) closes the socket. */
  drop(code = 1006): void {
    this.handlers.close(code);
  }
}

export class FakeSockets {
  opened: FakeSocket[] = [];
  /** Makes the next opens throw, as `new WebSocket` does for a malformed URL. */
  throwing = false;
  open = (url: string, handlers: SocketHandlers): FakeSocket => {
    if (this.throwing) {
      throw new SyntaxError("bad socket URL");
    }
    const socket = new FakeSocket(url, handlers);
    this.opened.push(socket);
    return socket;
  };
  get last(): FakeSocket {
    const socket = this.opened.at(-1);
    if (!socket) {
      throw new Error("no socket was opened");
    }
    return socket;
  }
}
