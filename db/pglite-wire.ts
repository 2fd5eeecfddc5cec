import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** Messages after which a client waits for answers: the end of one request batch. */
const BATCH_ENDS = new Set(["S", "Q", "H"]);

/**
 * Hands PGlite's single backend to one connection at a time. A connection keeps it for as long as
 * it is inside a transaction, so another connection's statements never land in that transaction.
 */
class BackendGate {
  private owner: number | null = null;
  private waiting: { id: number; resolve: () => void }[] = [];

  async acquire(id: number): Promise<void> {
    if (this.owner === null || this.owner === id) {
      this.owner = id;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push({ id, resolve }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiting.shift();
    this.owner = next?.id ?? null;
    next?.resolve();
  }

  forget(id: number): void {
    this.waiting = this.waiting.filter((waiter) => waiter.id !== id);
    this.release(id);
  }
}

/**
 * A PostgreSQL wire-protocol front for PGlite, so the app, the Prisma CLI and the tests talk to the
 * embedded database exactly as to a server. Unlike @electric-sql/pglite-socket, which queues single
 * messages, it hands PGlite each client's batch (Parse/Bind/Describe/Execute … up to Sync) in one
 * call. Queued one by one, two connections' extended-protocol messages interleave in the one backend
 * and a Bind meets another connection's Parse ("bind message supplies 4 parameters, but prepared
 * statement requires 3"). One call per batch also means fewer crossings into WebAssembly.
 */
export class PGliteWireServer {
  private server: Server | null = null;
  private readonly gate = new BackendGate();
  private readonly sockets = new Set<Socket>();
  private nextId = 1;
  private closing = false;

  constructor(private readonly db: PGlite) {}

  async listen(port: number, host: string): Promise<number> {
    await this.db.waitReady;
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket) {
    const id = this.nextId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let batch: Buffer[] = [];
    let work = Promise.resolve();
    let closed = false;

    const run = (messages: Buffer[]) => {
      work = work
        .then(() => (closed ? undefined : this.runBatch(id, socket, messages)))
        .catch((error) => {
          console.error("embedded database connection failed", error);
          socket.destroy();
        });
    };

    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            buffer = buffer.subarray(8);
            socket.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.destroy();
            return;
          }
          if (buffer.length < length) return;
          run([buffer.subarray(0, length)]);
          buffer = buffer.subarray(length);
          started = true;
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const message = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        const type = String.fromCharCode(message[0]);
        if (type === "X") {
          socket.end();
          return;
        }
        batch.push(message);
        if (BATCH_ENDS.has(type)) {
          run(batch);
          batch = [];
        }
      }
    });

    const finish = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(socket);
      work = work.then(() => this.abandon(id));
    };
    socket.on("close", finish);
    socket.on("error", finish);
  }

  private async runBatch(id: number, socket: Socket, messages: Buffer[]) {
    await this.gate.acquire(id);
    if (this.closing || this.db.closed) return;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(new Uint8Array(Buffer.concat(messages)), {
          onRawData: (data) => {
            if (socket.writable) socket.write(data);
          },
        }),
      );
    } finally {
      if (this.db.closed || !this.db.isInTransaction()) this.gate.release(id);
    }
  }

  /** A client that vanished mid-transaction: roll its work back and let the others in. */
  private async abandon(id: number) {
    await this.gate.acquire(id);
    try {
      if (!this.db.closed && this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } finally {
      this.gate.forget(id);
    }
  }
}
