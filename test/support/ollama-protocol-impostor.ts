/**
 * Something other than Ollama listening at the address the user gave: a web server, a dev
 * server, a router's admin page. It answers every request (any method, any path) with one fixed
 * response, the way such servers answer Ollama's API paths: an HTML page or plain text, with
 * 200 (a catch-all page) or 404. Used to prove the client says "this is not Ollama" instead of
 * blaming the model or printing the page.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ImpostorReply {
  status: number;
  contentType: string;
  body: string;
}

export const HTML_NOT_FOUND: ImpostorReply = {
  status: 404,
  contentType: "text/html; charset=utf-8",
  body:
    "<!DOCTYPE html>\n<html>\n<head><title>404 Not Found</title></head>\n" +
    "<body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body>\n</html>\n",
};

export const HTML_APP_PAGE: ImpostorReply = {
  status: 200,
  contentType: "text/html; charset=utf-8",
  body: '<!doctype html><html lang="en"><head><title>My Dashboard</title></head><body><div id="root"></div></body></html>',
};

export const PLAIN_TEXT_OK: ImpostorReply = {
  status: 200,
  contentType: "text/plain; charset=utf-8",
  body: "Hello from the print server\n",
};

export class ImpostorServer {
  /** "METHOD /path" of every request, in arrival order. */
  readonly requests: string[] = [];
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  private constructor(
    private readonly server: http.Server,
    private reply: ImpostorReply,
  ) {}

  static async start(reply: ImpostorReply): Promise<ImpostorServer> {
    const server = http.createServer();
    const impostor = new ImpostorServer(server, reply);
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => impostor.handle(req, res));
    server.on("connection", (socket: Socket) => {
      impostor.sockets.add(socket);
      socket.on("close", () => impostor.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    impostor.boundPort = (server.address() as AddressInfo).port;
    return impostor;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  /** Answer differently from now on (the same server, so the same address). */
  answerWith(reply: ImpostorReply): void {
    this.reply = reply;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push(`${req.method ?? "GET"} ${new URL(req.url ?? "/", "http://127.0.0.1").pathname}`);
    // Read the request body first, as real servers do, so the client never sees a reset.
    req.resume();
    req.on("end", () => {
      const { status, contentType, body } = this.reply;
      res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    });
  }
}
